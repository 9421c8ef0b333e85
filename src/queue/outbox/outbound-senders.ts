import type { Platform } from '../../messaging/platform.js';
import type { StoredOutboxMessage } from './outbox-message-model.js';

export interface SendResult {
  /** The platform's id for the sent message, when it returns one (kept for support and recall). */
  providerMessageId?: string;
}

/**
 * Delivers one message on one platform (render + API call). Runs in the outbox worker.
 *
 * - Resolve → `sent`; the message is never sent again.
 * - Throw `PermanentSendError` (or `InvalidInput`) → `dead` at once.
 * - Throw `RetryLaterError` → retried after its `retryAfterMs`.
 * - Throw anything else → retried with backoff; after `maxAttempts` → `dead`.
 *
 * If the process dies after the platform accepted a message but before it was marked sent, the
 * message is sent again after the lock expires: use `message.id` for the platform's duplicate
 * check where one exists.
 */
export type OutboundSender = (message: StoredOutboxMessage) => Promise<SendResult>;

/** How each platform's messages are sent: one registry per service instance. */
export interface OutboundSenders {
  /** Registers the sender for a platform (one per platform; a second one throws). Returns an unregister function. */
  add(platform: Platform, sender: OutboundSender): () => void;
  find(platform: Platform): OutboundSender | undefined;
}

export function createOutboundSenders(): OutboundSenders {
  const senders = new Map<Platform, OutboundSender>();
  return {
    add(platform, sender) {
      if (senders.has(platform)) throw new Error(`an outbound sender for ${platform} is already registered`);
      senders.set(platform, sender);
      return () => {
        if (senders.get(platform) === sender) senders.delete(platform);
      };
    },
    find: (platform) => senders.get(platform),
  };
}
