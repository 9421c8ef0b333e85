/**
 * In-process nudge: accepting an event (or enqueueing a message) wakes this instance's idle
 * worker loops at once instead of waiting out the poll interval. Other instances still find
 * the work by polling, so the signal is an optimisation, never a delivery mechanism.
 */
export interface WakeSignal {
  notify(): void;
  subscribe(listener: () => void): () => void;
}

export function createWakeSignal(): WakeSignal {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
