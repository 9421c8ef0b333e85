// `npm run soak -- --count 20000 --concurrency 8`: nothing acknowledged is ever lost, under crashes.
// Starts the real service (scripts/start.mjs, embedded database, a temp DATA_DIR, the WeCom
// simulator as the WeCom API) and sends --count unique signed WeCom callbacks, each retried like
// WeCom retries until it is answered 200. Meanwhile, at random moments, it kill -9s the embedded
// Java database (the service must restart it) or the whole service (this script restarts it).
// At the end it lets the workers drain the inbox, stops the service, reopens the data file and
// counts: acknowledged vs stored vs processed (status done), and anything stored or processed twice.
// Prints `acked_lost=0 duplicates_processed=0` and exits 0, or the counts and exits 1.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { contactEventXml } from '../tests/support/simulators/wecom/callback-xml.js';
import { seedDirectory, seedStaffId } from '../tests/support/simulators/wecom/seed-directory.js';
import { buildSignedCallback, type CallbackApp } from '../tests/support/simulators/wecom/signed-callback.js';
import { TEST_AES_KEY, TEST_TOKEN } from '../tests/support/simulators/wecom/wecom-test-env.js';
import { startWecomSimulator } from '../tests/support/simulators/wecom/wecom-simulator.js';
import { freePort } from '../tests/support/free-port.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '8' },
    /** Mean seconds between two crashes. */
    'crash-every': { type: 'string', default: '8' },
    'keep-data': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);
const CRASH_EVERY_MS = Number(args['crash-every']) * 1000;
const STAFF = 5;
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-soak-'));
const externalUserId = (i: number) => `wmSOAK${String(i).padStart(7, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Service {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

function children(pid: number): Array<{ pid: number; comm: string }> {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map((l) => {
        const [p, comm] = l.trim().split(/\s+/);
        return { pid: Number(p), comm: comm ?? '' };
      });
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const sim = await startWecomSimulator();
  seedDirectory(sim, { staff: STAFF, contacts: 0 });
  const callbackApp: CallbackApp = { token: TEST_TOKEN, encodingAesKey: TEST_AES_KEY, corpId: sim.corpId, agentId: sim.agentId };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let service: Service | undefined;
  let dbUri = '';

  const startService = async (): Promise<Service> => {
    let output = '';
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn',
        JWT_SECRET: randomBytes(24).toString('hex'), WORKERS_ENABLED: '1',
        WECOM_CORP_ID: sim.corpId, WECOM_SECRET: sim.secret, WECOM_AGENT_ID: String(sim.agentId),
        WECOM_TOKEN: TEST_TOKEN, WECOM_AES_KEY: TEST_AES_KEY, WECOM_API_BASE: sim.baseUrl,
        // The soak is one source on loopback; the per-IP callback limit is not what it measures.
        CALLBACK_RATE_LIMIT_PER_MINUTE: '1000000', CALLBACK_RATE_LIMIT_BURST: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
    child.stderr!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 240; i++) {
      const uri = /embedded MongoDB-wire server at (mongodb:\/\/\S+)\)/.exec(output)?.[1];
      if (uri) dbUri = uri;
      if (await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false)) return { child, exited, output: () => output };
      if (child.exitCode !== null) break;
      await sleep(250);
    }
    child.kill('SIGKILL');
    throw new Error(`service did not become ready:\n${output}`);
  };

  const acked = new Set<number>();
  let sent = 0;
  let retries = 0;
  const crashes = { database: 0, service: 0 };
  let sending = true;

  const post = async (i: number): Promise<void> => {
    const plaintext = contactEventXml({
      corpId: sim.corpId, changeType: 'del_external_contact', userId: seedStaffId(i % STAFF),
      externalUserId: externalUserId(i), createTime: 1_700_000_000 + i,
    });
    // Like WeCom: the same callback again until it is answered 200 (a new signature each time).
    for (;;) {
      const cb = buildSignedCallback(callbackApp, plaintext);
      const status = await fetch(base + cb.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body, signal: AbortSignal.timeout(5_000) })
        .then(async (r) => (await r.text(), r.status), () => 0);
      if (status === 200) {
        acked.add(i);
        return;
      }
      retries++;
      await sleep(200);
    }
  };

  const chaos = async (): Promise<void> => {
    while (sending) {
      await sleep(CRASH_EVERY_MS / 2 + Math.random() * CRASH_EVERY_MS);
      if (!sending || !service) return;
      const java = children(service.child.pid!).find((c) => c.comm === 'java');
      if (Math.random() < 0.5 && java) {
        crashes.database++;
        process.kill(java.pid, 'SIGKILL'); // the service must bring it back by itself
      } else {
        crashes.service++;
        const old = service;
        if (java) process.kill(java.pid, 'SIGKILL');
        old.child.kill('SIGKILL');
        await old.exited;
        service = await startService();
      }
    }
  };

  service = await startService();
  const started = Date.now();
  const progress = setInterval(() => {
    console.log(`  ${acked.size}/${COUNT} acknowledged, ${retries} retries, crashes: database ${crashes.database}, service ${crashes.service}`);
  }, 10_000);
  const chaosDone = chaos();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < COUNT) {
      const i = next++;
      sent++;
      await post(i);
    }
  }));
  sending = false;
  await chaosDone;
  clearInterval(progress);
  const sendSeconds = (Date.now() - started) / 1000;

  // Let the workers finish what was accepted (they retry what a crash interrupted).
  const client = new mongoose.mongo.MongoClient(dbUri, { serverSelectionTimeoutMS: 10_000 });
  const inbox = client.db('chatcrm').collection('inbox_events');
  const drainDeadline = Date.now() + 15 * 60_000;
  for (;;) {
    const open = await inbox.countDocuments({ status: { $in: ['pending', 'processing'] } }).catch(() => -1);
    if (open === 0 || Date.now() > drainDeadline) break;
    await sleep(2_000);
  }
  await client.close();
  service.child.kill('SIGTERM');
  await service.exited;
  await sim.close();

  // Count from the file itself, reopened after the service stopped.
  const file = path.join(dataDir, 'chatcrm.mv');
  const db = await startMongoWireServer({ file });
  const reader = new mongoose.mongo.MongoClient(db.uri);
  try {
    const events = reader.db('chatcrm').collection('inbox_events');
    const stored = await events.find({ 'payload.externalUserId': /^wmSOAK/ }, { projection: { 'payload.externalUserId': 1, status: 1, dedupeKey: 1 } }).toArray();
    const perContact = new Map<string, number>();
    let done = 0;
    let dead = 0;
    for (const e of stored) {
      const id = (e.payload as { externalUserId: string }).externalUserId;
      perContact.set(id, (perContact.get(id) ?? 0) + 1);
      if (e.status === 'done') done++;
      if (e.status === 'dead') dead++;
    }
    const ackedLost = [...acked].filter((i) => !perContact.has(externalUserId(i))).length;
    const duplicatesStored = [...perContact.values()].filter((n) => n > 1).length;
    // An event processed twice would add its activity twice.
    const activityDupes = await reader.db('chatcrm').collection('activities')
      .aggregate([{ $group: { _id: '$dedupeKey', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }, { $count: 'n' }]).toArray();
    const duplicatesProcessed = duplicatesStored + ((activityDupes[0]?.n as number | undefined) ?? 0);
    const notDone = acked.size - done;
    console.log(`soak: ${COUNT} callbacks, concurrency ${CONCURRENCY}, ${sendSeconds.toFixed(0)} s sending, ${retries} retries (non-200 answers or refused connections)`);
    console.log(`  crashes: kill -9 database ${crashes.database}, kill -9 service ${crashes.service}`);
    console.log(`  acknowledged ${acked.size}, stored ${perContact.size}, processed (done) ${done}, dead ${dead}, duplicates stored ${duplicatesStored}`);
    console.log(`acked_lost=${ackedLost} duplicates_processed=${duplicatesProcessed}${notDone ? ` not_processed=${notDone}` : ''}`);
    if (ackedLost > 0 || duplicatesProcessed > 0 || notDone !== 0 || acked.size !== COUNT) process.exitCode = 1;
  } finally {
    await reader.close();
    await db.stop();
    if (!args['keep-data']) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`data kept in ${dataDir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
