import { normalizeCallback } from '../../src/channels/wecom/normalize-callback.js';
import { openCallback } from '../../src/channels/wecom/open-callback.js';
import { parseCallbackXml } from '../../src/channels/wecom/parse-callback-xml.js';
import { readCallbackEnvelope } from '../../src/channels/wecom/read-callback-envelope.js';
import { wecomCallbackCredentials } from '../../src/channels/wecom/wecom-runtime.js';
import type { Config } from '../../src/config.js';
import type { InboundEvent } from '../../src/messaging/inbound-event.js';
import type { Inbox } from '../../src/queue/inbox/create-inbox.js';
import type { PreparedRequest } from './keep-alive-load.js';

export interface StageTiming {
  name: string;
  detail: string;
}

/**
 * Runs the callback route's stages one at a time over prepared requests, in-process and without
 * HTTP, so each stage's cost can be read on its own: the CPU stages sequentially (mean µs per
 * callback), the insert both alone (one at a time: its round trip with the fsync) and at the
 * bench's concurrency (what the database can absorb when callbacks overlap).
 */
export async function profileIngestStages(input: {
  config: Config;
  inbox: Pick<Inbox, 'accept'>;
  tenantId: string;
  requests: readonly PreparedRequest[];
  concurrency: number;
}): Promise<StageTiming[]> {
  const credentials = wecomCallbackCredentials(input.config);
  const n = input.requests.length;
  const spent = { envelope: 0, decrypt: 0, parse: 0, normalize: 0 };
  const events: InboundEvent[] = [];
  for (const request of input.requests) {
    const q = new URLSearchParams(request.path.slice(request.path.indexOf('?') + 1));
    let t = performance.now();
    const encrypt = readCallbackEnvelope(request.body);
    spent.envelope += performance.now() - t;
    t = performance.now();
    const plaintext = openCallback(credentials, { signature: q.get('msg_signature')!, timestamp: q.get('timestamp')!, nonce: q.get('nonce')!, encrypt });
    spent.decrypt += performance.now() - t;
    t = performance.now();
    const fields = await parseCallbackXml(plaintext);
    spent.parse += performance.now() - t;
    t = performance.now();
    events.push(normalizeCallback(fields, { tenantId: input.tenantId, plaintext, receivedAt: new Date() }));
    spent.normalize += performance.now() - t;
  }
  const us = (ms: number) => `${((ms / n) * 1000).toFixed(1)} µs`;

  const half = Math.floor(n / 2);
  let t = performance.now();
  for (const event of events.slice(0, half)) await input.inbox.accept(event);
  const alone = (performance.now() - t) / Math.max(1, half);

  const overlapping = events.slice(half);
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: input.concurrency }, async () => {
      while (next < overlapping.length) await input.inbox.accept(overlapping[next++]!);
    }),
  );
  const wall = performance.now() - t;

  return [
    { name: 'envelope scan (Encrypt out of the XML envelope)', detail: us(spent.envelope) },
    { name: 'signature check + AES decrypt', detail: us(spent.decrypt) },
    { name: 'XML parse of the plaintext', detail: us(spent.parse) },
    { name: 'normalize to an InboundEvent', detail: us(spent.normalize) },
    { name: 'inbox insert, one at a time (round trip)', detail: `${alone.toFixed(2)} ms` },
    { name: `inbox insert, ${input.concurrency} overlapping`, detail: `${(overlapping.length / (wall / 1000)).toFixed(0)} inserts/s (${((wall / overlapping.length) * 1000).toFixed(0)} µs each)` },
  ];
}
