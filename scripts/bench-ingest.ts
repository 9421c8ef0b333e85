// `npm run bench:ingest`: how fast the service acknowledges WeCom callbacks at a fixed
// concurrency, next to a bare Koa endpoint measured by the same load generator in the same run.
//
//   npm run bench:ingest -- [--concurrency 32] [--count 3000] [--seconds 20] [--rate 1000] [--profile 400]
//
// The real service runs in-process on 127.0.0.1 against the embedded MongoDB-wire server on an
// H2 file in a temp DATA_DIR (as the embedded default runs: every acknowledged write fsynced), or
// MONGODB_URI when set. Every request is signed and encrypted before the clock starts, so the
// load loop spends no CPU on crypto. No worker runs: this is the acknowledgement path only.
// After the closed-loop runs, a paced run at --rate req/s gives the p99 a platform would see at
// that rate, and a short in-process profile says which stage of the path the time goes to.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import Koa from 'koa';
import mongoose from 'mongoose';
import { buildService } from '../src/app/build-service.js';
import { encryptCallback } from '../src/channels/wecom/encrypt.js';
import { msgSignature as computeSignature } from '../src/channels/shared/msg-crypt.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { createLogger } from '../src/logger.js';
import { InboxEvent } from '../src/queue/inbox/inbox-event-model.js';
import { runKeepAliveLoad, type LoadResult, type PreparedRequest } from './support/keep-alive-load.js';
import { profileIngestStages } from './support/profile-ingest-stages.js';
import { ascending, percentile } from './support/percentile.js';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    count: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    'rate-seconds': { type: 'string', default: '2' },
    profile: { type: 'string', default: '400' },
  },
});
const CONCURRENCY = Math.max(1, Number(args.concurrency));
const COUNT = Math.max(1, Number(args.count));
const SECONDS = Math.max(1, Number(args.seconds));
const RATE = Math.max(0, Number(args.rate));
const RATE_SECONDS = Math.max(1, Number(args['rate-seconds']));
const PROFILE = Math.max(0, Number(args.profile));
const WARMUP = 200;
const WECOM = { corpId: 'wwbench0001', agentId: '1000002', token: 'benchToken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

function eventXml(i: number, tag: string): string {
  return (
    `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${1_700_000_000 + i}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>` +
    `<UserID><![CDATA[sales${String(i % 20).padStart(2, '0')}]]></UserID>` +
    `<ExternalUserID><![CDATA[wmINGEST${tag}${String(i).padStart(7, '0')}]]></ExternalUserID>` +
    `<State><![CDATA[bench]]></State><WelcomeCode><![CDATA[${randomBytes(12).toString('hex')}]]></WelcomeCode></xml>`
  );
}

function signedRequest(plaintext: string): PreparedRequest {
  const encrypt = encryptCallback(WECOM.aesKey, plaintext, WECOM.corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1, 2 ** 31));
  const q = new URLSearchParams({ msg_signature: computeSignature(WECOM.token, timestamp, nonce, encrypt), timestamp, nonce });
  return {
    path: `/callbacks/wecom?${q}`,
    body: `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${WECOM.agentId}]]></AgentID></xml>`,
  };
}

const prepare = (n: number, tag: string) => Array.from({ length: n }, (_, i) => signedRequest(eventXml(i, tag)));

async function listen(app: Koa<never> | { listen: Koa['listen'] }): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function summarize(result: LoadResult) {
  const sorted = ascending(result.latencies);
  return { n: sorted.length, rps: sorted.length / result.wallSeconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}
const line = (label: string, s: ReturnType<typeof summarize>) =>
  `  ${label.padEnd(28)} ${s.rps.toFixed(0).padStart(6)} req/s   p50 ${s.p50.toFixed(2)} ms   p99 ${s.p99.toFixed(2)} ms   max ${s.max.toFixed(1)} ms   (${s.n} requests)`;

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    WORKERS_ENABLED: '0',
    // The per-IP limit protects production from one noisy source; here every request is ours.
    CALLBACK_RATE_LIMIT_PER_MINUTE: '1000000',
    CALLBACK_RATE_LIMIT_BURST: '1000000',
    WECOM_CORP_ID: WECOM.corpId,
    WECOM_AGENT_ID: WECOM.agentId,
    WECOM_SECRET: 'bench-secret',
    WECOM_TOKEN: WECOM.token,
    WECOM_AES_KEY: WECOM.aesKey,
    WECOM_API_BASE: 'http://127.0.0.1:9',
  });
  let stopDatabase = async () => {};
  let uri = config.MONGODB_URI;
  if (!uri) {
    const dataDir = mkdtempSync(nodePath.join(os.tmpdir(), 'bench-ingest-'));
    const server = await startMongoWireServer({ file: nodePath.join(dataDir, 'chatcrm.mv') });
    uri = server.uri;
    stopDatabase = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await connectDatabase(uri, `bench_ingest_${randomBytes(4).toString('hex')}`);
  const service = await buildService(config, createLogger('silent'));
  const callback = await listen(service.app);
  const bareApp = new Koa();
  bareApp.use((ctx) => {
    ctx.body = '';
  });
  const bare = await listen(bareApp);

  try {
    const load = (base: string, requests: PreparedRequest[], extra: { rate?: number; seconds?: number } = {}) =>
      runKeepAliveLoad({
        baseUrl: base,
        requests,
        concurrency: CONCURRENCY,
        count: requests.length,
        seconds: extra.seconds ?? SECONDS,
        ...(extra.rate ? { ratePerSecond: extra.rate } : {}),
        expectStatus: 200,
      });
    await load(bare.base, prepare(WARMUP, 'W'));
    await load(callback.base, prepare(WARMUP, 'W'));

    const bareRun = summarize(await load(bare.base, prepare(COUNT, 'B')));
    const measured = prepare(COUNT, 'M');
    const callbackRun = summarize(await load(callback.base, measured));
    const stored = await InboxEvent.countDocuments({ 'payload.externalUserId': /^wmINGESTM/ });
    if (stored !== callbackRun.n) throw new Error(`${callbackRun.n} callbacks acknowledged but ${stored} in the inbox`);

    const where = config.MONGODB_URI ? 'MONGODB_URI' : 'embedded server, H2 file, fsync per acknowledged write (group commit)';
    console.log(`Callback acknowledgement at concurrency ${CONCURRENCY} (${where}; ${os.cpus().length} cores; after ${WARMUP} warm-up each):`);
    console.log(line('bare Koa (ctx.body = \'\')', bareRun));
    console.log(line('WeCom callback → inbox', callbackRun));
    console.log(`  ratio callback/bare: ${(callbackRun.rps / bareRun.rps).toFixed(3)}×   (target ≥ 0.5×); all ${stored} acknowledged callbacks are in the inbox`);

    if (RATE > 0) {
      const paced = prepare(Math.round(RATE * RATE_SECONDS), 'R');
      const pacedRun = summarize(await load(callback.base, paced, { rate: RATE, seconds: RATE_SECONDS * 3 }));
      console.log(`Paced at ${RATE} req/s for ${RATE_SECONDS} s (latency from each request's due time; target p99 < 25 ms):`);
      console.log(line('WeCom callback → inbox', pacedRun));
    }

    if (PROFILE > 0) {
      console.log(`Where the time goes (in-process, ${PROFILE} callbacks; mean per callback):`);
      const stages = await profileIngestStages({ config, inbox: service.deps.inbox, tenantId: String(service.deps.defaultTenantId), requests: prepare(PROFILE, 'P'), concurrency: CONCURRENCY });
      for (const stage of stages) console.log(`  ${stage.name.padEnd(44)} ${stage.detail}`);
    }
  } finally {
    await new Promise<void>((resolve) => callback.server.close(() => resolve()));
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectDatabase();
    await stopDatabase();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
