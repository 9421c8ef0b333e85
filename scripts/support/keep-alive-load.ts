import http from 'node:http';

/** One prepared request: sent as-is so the load loop spends no CPU on signing or encrypting. */
export interface PreparedRequest {
  path: string;
  body: string;
}

export interface LoadOptions {
  /** Loopback base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  requests: readonly PreparedRequest[];
  concurrency: number;
  /** Stop after this many requests (at most requests.length). */
  count: number;
  /** …or after this long, whichever comes first. */
  seconds: number;
  /** When set, request i is due at start + i/rate (an open-ish loop): latency counts from its due time, so a stall is not hidden. */
  ratePerSecond?: number;
  /** Every answer must have this status; anything else aborts the run. */
  expectStatus?: number;
}

export interface LoadResult {
  /** Milliseconds per request, in completion order. */
  latencies: number[];
  wallSeconds: number;
}

/**
 * A small bounded load generator: `concurrency` lanes over one keep-alive agent (as a platform's
 * connection pool would), each sending the next prepared request when its previous one is answered.
 * Bounded in count and time; meant for 127.0.0.1 only.
 */
export async function runKeepAliveLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('load is for loopback only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const count = Math.min(options.count, options.requests.length);
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let next = 0;

  const send = (request: PreparedRequest) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: request.path,
          headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(request.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (options.expectStatus !== undefined && res.statusCode !== options.expectStatus) reject(new Error(`answered ${res.statusCode}`));
            else resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });

  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      let from = performance.now();
      if (options.ratePerSecond) {
        const due = started + (i * 1000) / options.ratePerSecond;
        if (due > from) await new Promise((resolve) => setTimeout(resolve, due - from));
        from = due;
      }
      await send(options.requests[i]!);
      latencies.push(performance.now() - from);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return { latencies, wallSeconds: (performance.now() - started) / 1000 };
}
