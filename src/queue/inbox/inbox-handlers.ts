import type { StoredInboxEvent } from './inbox-event-model.js';
import type { Platform } from './inbound-event.js';

/**
 * Handles one accepted event. Runs in the inbox worker, after the platform was answered.
 *
 * - Must be idempotent: an event is delivered at least once (a process killed mid-handler
 *   means the handler runs again after the lock expires).
 * - Resolve → the event is `done`.
 * - Throw `PermanentHandlerError` (or `InvalidInput`) when retrying cannot help → `dead` at once.
 * - Throw anything else → retried with backoff; after `maxAttempts` → `dead` (admins can replay).
 *
 * The payload comes from the database: validate it (zod) before trusting its shape.
 */
export type InboxHandler<P extends object = Record<string, unknown>> = (event: StoredInboxEvent<P>) => Promise<void>;

export interface RegisterInboxHandlerOptions {
  /** Only for events from this platform; a platform-specific handler wins over a generic one. */
  platform?: Platform;
}

const handlers = new Map<string, InboxHandler>();

function registryKey(kind: string, platform?: Platform): string {
  return platform ? `${platform}\u0000${kind}` : `*\u0000${kind}`;
}

/**
 * Registers the handler for one event kind (e.g. 'command', 'contact.added'). Events of a kind
 * with no handler are marked done (kept raw for inspection). Registering the same kind (and
 * platform) twice throws, so two modules cannot silently fight over it. Returns an unregister
 * function.
 */
export function registerInboxHandler<P extends object = Record<string, unknown>>(
  kind: string,
  handler: InboxHandler<P>,
  options: RegisterInboxHandlerOptions = {},
): () => void {
  if (!kind) throw new Error('registerInboxHandler: kind is required');
  const key = registryKey(kind, options.platform);
  if (handlers.has(key)) {
    throw new Error(`an inbox handler for '${kind}'${options.platform ? ` on ${options.platform}` : ''} is already registered`);
  }
  // The payload's shape is the handler's contract with the channel that produced the kind.
  const stored = handler as unknown as InboxHandler;
  handlers.set(key, stored);
  return () => {
    if (handlers.get(key) === stored) handlers.delete(key);
  };
}

export function findInboxHandler(kind: string, platform: Platform): InboxHandler | undefined {
  return handlers.get(registryKey(kind, platform)) ?? handlers.get(registryKey(kind));
}
