import { onBeforeUnmount, ref } from 'vue';

/** After this long a save says it is still working (the button spinner alone looks frozen). */
export const SLOW_AFTER_MS = 1200;
/** After this long it offers a retry — well before the 15 s request timeout. */
export const STALLED_AFTER_MS = 6000;

export type SlowState = 'idle' | 'busy' | 'slow' | 'stalled';

/**
 * Runs a save with visible progress: `slow` after ~1 s, `stalled` (offer retry) after 6 s.
 * `retry()` aborts the request in flight and starts the same save again — callers pass an
 * idempotency key (requestId) so the server stores it once whichever request arrives.
 */
export function useSlowAction() {
  const state = ref<SlowState>('idle');
  let controller: AbortController | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let current: ((signal: AbortSignal) => Promise<void>) | null = null;

  function clear(): void {
    timers.forEach(clearTimeout);
    timers = [];
  }

  async function start(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    clear();
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    current = work;
    state.value = 'busy';
    timers.push(setTimeout(() => controller === mine && (state.value = 'slow'), SLOW_AFTER_MS));
    timers.push(setTimeout(() => controller === mine && (state.value = 'stalled'), STALLED_AFTER_MS));
    try {
      await work(mine.signal);
    } finally {
      // A retry replaced this run: the newer one owns the state.
      if (controller === mine) {
        clear();
        controller = null;
        state.value = 'idle';
      }
    }
  }

  return {
    state,
    run: start,
    /** Abandons the request in flight and sends the same save again. */
    retry(): Promise<void> {
      return current ? start(current) : Promise.resolve();
    },
    busy: () => state.value !== 'idle',
    cancel(): void {
      clear();
      controller?.abort();
      controller = null;
      state.value = 'idle';
    },
    dispose: () => onBeforeUnmount(() => clear()),
  };
}
