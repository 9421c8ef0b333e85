import type { EventOrigin, InboundEventKind } from '../../messaging/inbound-event.js';
import type { StoredInboxEvent } from './inbox-event-model.js';

/**
 * Handles one accepted event. Runs in the inbox worker, after the platform was answered.
 *
 * - Must be idempotent: an event is delivered at least once (a process killed mid-handler
 *   means the handler runs again after the lock expires).
 * - Resolve → the event is `done`.
 * - Throw `PermanentHandlerError` (or `InvalidInput`) when retrying cannot help → `dead` at once.
 * - Throw anything else → retried with backoff; after `maxAttempts` → `dead` (admins can replay).
 *
 * The payload has been checked against its kind's schema (src/messaging/inbound-event.ts).
 */
export type InboxHandler<K extends InboundEventKind = InboundEventKind> = (event: StoredInboxEvent<K>) => Promise<void>;

export interface InboxHandlerOptions {
  /** Only for events from this platform; a platform-specific handler wins over a generic one. */
  platform?: EventOrigin;
}

/** Which module handles which event kind: one registry per service instance. */
export interface InboxHandlers {
  /**
   * Registers the handler for one event kind. Registering the same kind (and platform) twice
   * throws, so two modules cannot silently fight over it. Returns an unregister function.
   */
  on<K extends InboundEventKind>(kind: K, handler: InboxHandler<K>, options?: InboxHandlerOptions): () => void;
  /** The handler for an event of this kind from this platform, if any. */
  find(kind: InboundEventKind, platform: EventOrigin): InboxHandler | undefined;
  /** Every kind some handler is registered for. */
  kinds(): Set<InboundEventKind>;
}

export function createInboxHandlers(): InboxHandlers {
  const handlers = new Map<string, { kind: InboundEventKind; handler: InboxHandler }>();
  const keyOf = (kind: string, platform?: EventOrigin) => `${platform ?? '*'}\u0000${kind}`;
  return {
    on(kind, handler, options = {}) {
      const key = keyOf(kind, options.platform);
      if (handlers.has(key)) {
        throw new Error(`an inbox handler for '${kind}'${options.platform ? ` on ${options.platform}` : ''} is already registered`);
      }
      // The registry is keyed by kind, so the handler only ever receives events of its own kind.
      const entry = { kind, handler: handler as unknown as InboxHandler };
      handlers.set(key, entry);
      return () => {
        if (handlers.get(key) === entry) handlers.delete(key);
      };
    },
    find(kind, platform) {
      return (handlers.get(keyOf(kind, platform)) ?? handlers.get(keyOf(kind)))?.handler;
    },
    kinds() {
      return new Set([...handlers.values()].map((entry) => entry.kind));
    },
  };
}
