/**
 * Refusals that only exist at the HTTP edge (no domain meaning, so not in src/errors.ts).
 * error-response.ts maps them to their status codes.
 */
export class TooManyRequests extends Error {
  override name = 'TooManyRequests';
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests, slow down');
  }
}
