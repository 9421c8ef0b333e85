import type { Logger } from '../logger.js';
import type { WakeSignal } from './wake-signal.js';

export interface PollingWorker {
  /** Stops claiming new work and resolves once every loop has finished the item in hand. */
  stop(): Promise<void>;
}

export interface PollingWorkerOptions {
  name: string;
  /** Parallel loops in this process; each handles one item at a time. */
  concurrency: number;
  /** Idle wait between polls when nothing was due (or the database failed). */
  pollMs: number;
  /** Claims and handles at most one item; resolves true when it did some work. */
  runOnce: () => Promise<boolean>;
  wake?: WakeSignal;
  logger: Logger;
}

/** Runs `concurrency` loops of `runOnce`, idling `pollMs` whenever there is nothing to do. */
export function startPollingWorker(options: PollingWorkerOptions): PollingWorker {
  const { name, concurrency, pollMs, runOnce, wake, logger } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`${name}: concurrency must be a positive integer`);
  if (!Number.isFinite(pollMs) || pollMs < 1) throw new RangeError(`${name}: pollMs must be at least 1`);

  let stopped = false;
  // Bumped on every wake, so a loop that was busy querying when the wake came does not go to
  // sleep on work that arrived meanwhile.
  let wakes = 0;
  const sleepers = new Set<() => void>();
  const wakeAll = () => {
    wakes++;
    for (const resolve of sleepers) resolve();
    sleepers.clear();
  };
  const unsubscribe = wake?.subscribe(wakeAll);

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  const loop = async () => {
    while (!stopped) {
      const wakesBefore = wakes;
      let worked = false;
      try {
        worked = await runOnce();
      } catch (error) {
        // Typically the database is unreachable; keep polling so the worker recovers by itself.
        logger.error({ worker: name, err: error instanceof Error ? error.message : String(error) }, 'worker poll failed');
      }
      if (!worked && !stopped && wakes === wakesBefore) await idle();
    }
  };

  const loops = Array.from({ length: concurrency }, loop);
  return {
    async stop() {
      stopped = true;
      unsubscribe?.();
      wakeAll();
      await Promise.all(loops);
    },
  };
}
