import { startPollingWorker, type PollingWorker } from '../polling-worker.js';
import { resolveQueueOptions } from '../queue-options.js';
import { outboxWakeSignal } from './outbox-wake-signal.js';
import { sendNext, type OutboxOptions } from './process-outbox-message.js';

export interface OutboxWorkerOptions extends OutboxOptions {
  /** Messages sent in parallel by this process. Default 4. */
  concurrency?: number;
  /** Idle wait between polls. Default 1 s (a message enqueued by this process wakes it at once). */
  pollMs?: number;
}

/**
 * Sends queued messages in the background through the registered senders. Several instances
 * may run side by side (claims are atomic). `stop()` lets the sends in hand finish.
 */
export function startOutboxWorker(options: OutboxWorkerOptions = {}): PollingWorker {
  const resolved = resolveQueueOptions(options);
  return startPollingWorker({
    name: 'outbox',
    concurrency: options.concurrency ?? 4,
    pollMs: options.pollMs ?? 1_000,
    runOnce: () => sendNext(resolved),
    wake: outboxWakeSignal,
    logger: resolved.logger,
  });
}
