import { createWakeSignal } from '../wake-signal.js';

/** Wakes this process's outbox worker when a message is enqueued (other instances poll). */
export const outboxWakeSignal = createWakeSignal();
