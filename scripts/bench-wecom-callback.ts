// `npm run bench:wecom`: acknowledgement latency of WeCom callbacks — the time WeCom would wait
// for our empty 200 (deadline: 5 s). Runs the real service in-process on 127.0.0.1 (embedded
// MongoDB-wire server unless MONGODB_URI is set; a throw-away database either way), sends
// BENCH_N (default 1,000) signed, encrypted 客户联系 callbacks one after another and times each
// request from send to the last byte of the answer. Every acknowledged callback must be in the
// inbox afterwards. No worker runs and no WeCom API is contacted: this is the ack path only
// (verify → decrypt → parse → normalize → insert → 200).
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { buildService } from '../src/app/build-service.js';
import { encryptCallback } from '../src/channels/wecom/encrypt.js';
import { msgSignature as computeSignature } from '../src/channels/shared/msg-crypt.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { InboxEvent } from '../src/queue/inbox/inbox-event-model.js';
import { createLogger } from '../src/logger.js';
import { ascending, median, percentile } from './support/percentile.js';

const N = Number(process.env.BENCH_N ?? 1000);
/** Callbacks in flight at once (1 = sequential, the default). */
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 1));
const WARMUP = 20;
const WECOM = { corpId: 'wwbench0001', agentId: '1000002', token: 'benchToken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

function eventXml(i: number, tag: string): string {
  const changeTypes = ['add_external_contact', 'edit_external_contact', 'del_follow_user', 'del_external_contact'];
  return (
    `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${1_700_000_000 + i}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${changeTypes[i % changeTypes.length]}]]></ChangeType>` +
    `<UserID><![CDATA[sales${String(i % 20).padStart(2, '0')}]]></UserID>` +
    `<ExternalUserID><![CDATA[wmBENCH${tag}${String(i).padStart(6, '0')}]]></ExternalUserID>` +
    `<State><![CDATA[bench]]></State><WelcomeCode><![CDATA[${randomBytes(12).toString('hex')}]]></WelcomeCode></xml>`
  );
}

function signedRequest(plaintext: string): { path: string; body: string } {
  const encrypt = encryptCallback(WECOM.aesKey, plaintext, WECOM.corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1, 2 ** 31));
  const q = new URLSearchParams({ msg_signature: computeSignature(WECOM.token, timestamp, nonce, encrypt), timestamp, nonce });
  return {
    path: `/callbacks/wecom?${q}`,
    body: `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${WECOM.agentId}]]></AgentID></xml>`,
  };
}

async function main(): Promise<void> {
  const baseConfig = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    WORKERS_ENABLED: '0',
    // One source sending as fast as it can: the per-IP callback limit would measure itself.
    CALLBACK_RATE_LIMIT_PER_MINUTE: '1000000',
    CALLBACK_RATE_LIMIT_BURST: '1000000',
    WECOM_CORP_ID: WECOM.corpId,
    WECOM_AGENT_ID: WECOM.agentId,
    WECOM_SECRET: 'bench-secret',
    WECOM_TOKEN: WECOM.token,
    WECOM_AES_KEY: WECOM.aesKey,
    WECOM_API_BASE: 'http://127.0.0.1:9',
  });
  let stopServer = async () => {};
  let uri = baseConfig.MONGODB_URI;
  if (!uri) {
    // On an H2 file like the embedded default (BENCH_IN_MEMORY=1 for the in-memory backend):
    // the file is what durability costs, an in-memory server would hide it.
    const dir = process.env.BENCH_IN_MEMORY === '1' ? undefined : mkdtempSync(nodePath.join(os.tmpdir(), 'bench-wecom-'));
    const server = await startMongoWireServer(dir ? { file: nodePath.join(dir, 'bench.mv') } : {});
    uri = server.uri;
    stopServer = async () => {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
  }
  const dbName = `bench_wecom_${randomBytes(4).toString('hex')}`;
  // A throw-away database on whichever server (dbName wins over a database in the URI).
  await connectDatabase(uri, dbName);
  const service = await buildService(baseConfig, createLogger('silent'));
  const http = service.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  try {
    const send = async (plaintext: string) => {
      const { path, body } = signedRequest(plaintext);
      const started = process.hrtime.bigint();
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      const text = await res.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200 || text !== '') throw new Error(`callback answered ${res.status} ${text.slice(0, 200)}`);
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) await send(eventXml(i, 'W'));

    const latencies: number[] = [];
    const wall = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < N) latencies.push(await send(eventXml(next++, 'M')));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const wallSeconds = (Date.now() - wall) / 1000;

    const stored = await InboxEvent.countDocuments({ 'payload.externalUserId': /^wmBENCHM/ });
    if (stored !== N) throw new Error(`only ${stored} of ${N} acknowledged callbacks are in the inbox`);
    const sorted = ascending(latencies);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    const f = (x: number) => `${x.toFixed(2)} ms`;
    const mode = CONCURRENCY === 1 ? 'sequential' : `${CONCURRENCY} concurrent`;
    const where = baseConfig.MONGODB_URI ? 'MONGODB_URI' : process.env.BENCH_IN_MEMORY === '1' ? 'embedded, in memory' : 'embedded, H2 file';
    console.log(`WeCom callback acknowledgement latency, ${N} ${mode} signed callbacks (${where}; after ${WARMUP} warm-up):`);
    console.log(`  median ${f(median(sorted))}   p90 ${f(percentile(sorted, 90))}   p99 ${f(percentile(sorted, 99))}   max ${f(sorted[sorted.length - 1]!)}   mean ${f(mean)}`);
    console.log(`  ${(N / wallSeconds).toFixed(0)} callbacks/s; all ${stored} persisted in the inbox before their 200`);
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectDatabase();
    await stopServer();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
