import { createWakeSignal } from '../wake-signal.js';

/** Wakes this process's inbox worker when an event is accepted (other instances poll). */
export const inboxWakeSignal = createWakeSignal();
