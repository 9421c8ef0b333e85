import { inboxWakeSignal } from './inbox-wake-signal.js';
import { processNext, type InboxOptions } from './process-inbox-event.js';
import { startPollingWorker, type PollingWorker } from '../polling-worker.js';
import { resolveQueueOptions } from '../queue-options.js';

export interface InboxWorkerOptions extends InboxOptions {
  /** Events handled in parallel by this process. Default 4. */
  concurrency?: number;
  /** Idle wait between polls. Default 1 s (an event accepted by this process wakes it at once). */
  pollMs?: number;
}

/**
 * Runs the inbox in the background: claims due events (several instances may run side by side;
 * claims are atomic) and dispatches them to the registered handlers. `stop()` lets the events
 * in hand finish.
 */
export function startInboxWorker(options: InboxWorkerOptions = {}): PollingWorker {
  const resolved = resolveQueueOptions(options);
  return startPollingWorker({
    name: 'inbox',
    concurrency: options.concurrency ?? 4,
    pollMs: options.pollMs ?? 1_000,
    runOnce: () => processNext(resolved),
    wake: inboxWakeSignal,
    logger: resolved.logger,
  });
}
