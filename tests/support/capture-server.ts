import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredOutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import type { SendResult } from '../../src/queue/outbox/outbound-senders.js';
import { PermanentSendError, RetryLaterError } from '../../src/queue/outbox/send-errors.js';

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A tiny messaging endpoint: answers from a script (then 200), and records what it accepted,
 * so tests count real deliveries over HTTP.
 */
export interface CaptureServer {
  url: string;
  /** Responses for the next requests, in order; afterwards every request is accepted. */
  script: ScriptedResponse[];
  /** Messages answered with 200. */
  delivered: Array<{ id: string; body: unknown }>;
  requests: number;
  close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  let seq = 0;
  const state: Omit<CaptureServer, 'url' | 'close'> = { script: [], delivered: [], requests: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      state.requests++;
      const next = state.script.shift() ?? { status: 200 };
      if (next.status === 200) {
        const parsed = JSON.parse(raw) as { id: string; body: unknown };
        state.delivered.push(parsed);
        next.body ??= { msgid: `m${++seq}` };
      }
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(next.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A sender as a channel would write one: HTTP status → typed outcome. */
export function httpSender(url: string) {
  return async (message: StoredOutboxMessage): Promise<SendResult> => {
    const res = await fetch(`${url}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: message.id, body: message.body }),
    });
    const json = (await res.json()) as { msgid?: string; error?: string };
    if (res.status === 429) throw new RetryLaterError('rate limited', { retryAfterMs: Number(res.headers.get('retry-after')) * 1_000 });
    if (res.status === 400) throw new PermanentSendError(`rejected: ${json.error ?? 'bad request'}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return json.msgid ? { providerMessageId: json.msgid } : {};
  };
}
