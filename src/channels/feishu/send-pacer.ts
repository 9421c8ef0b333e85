/** Feishu's send limits (im/v1/messages): 5 QPS per user and per chat, 50/s per app. */
export const PER_TARGET_PER_SECOND = 5;
export const PER_APP_PER_SECOND = 50;

export interface SendPacer {
  /** Resolves when one more send to `target` stays within both limits (waiting if it must). */
  wait(target: string): Promise<void>;
}

export interface SendPacerOptions {
  perTarget?: number;
  perApp?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sliding one-second windows, per target and for the whole app, in this instance: a burst (a
 * digest run, many replies in one group) is spread out instead of drawing Feishu's 99991400 /
 * 230020 throttling, which the outbox then retries with backoff. Keys idle for a window are dropped.
 */
export function createSendPacer(options: SendPacerOptions = {}): SendPacer {
  const perTarget = options.perTarget ?? PER_TARGET_PER_SECOND;
  const perApp = options.perApp ?? PER_APP_PER_SECOND;
  const windowMs = options.windowMs ?? 1_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const app: number[] = [];
  const targets = new Map<string, number[]>();

  const prune = (times: number[], t: number) => {
    while (times.length > 0 && times[0]! <= t - windowMs) times.shift();
  };

  return {
    async wait(target) {
      for (;;) {
        const t = now();
        prune(app, t);
        const mine = targets.get(target) ?? [];
        prune(mine, t);
        if (app.length < perApp && mine.length < perTarget) {
          app.push(t);
          mine.push(t);
          targets.set(target, mine);
          if (targets.size > 10_000) for (const [key, times] of targets) if (times.length === 0 || times.at(-1)! <= t - windowMs) targets.delete(key);
          return;
        }
        const until = Math.max(app.length >= perApp ? app[0]! + windowMs : 0, mine.length >= perTarget ? mine[0]! + windowMs : 0);
        await sleep(Math.max(1, until - t));
      }
    },
  };
}
