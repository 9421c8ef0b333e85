/**
 * Thrown by an inbox handler when retrying cannot help (the payload can never be handled, the
 * tenant no longer exists…): the event goes straight to `dead`, visible to admins for replay.
 */
export class PermanentHandlerError extends Error {
  override name = 'PermanentHandlerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
