import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, expect, test } from 'vitest';
import { DURABLE_WRITE } from '../../src/db/durable-write.js';
import { startMongoWireServer, type MongoWireServer } from '../../src/db/mongo-wire-server.js';

// A write the embedded server has acknowledged must survive kill -9 of its Java process: the
// H2 file has to be committed and synced before the reply, not on a background timer.

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Doc = { _id: string; n: number };

async function withClient<T>(server: MongoWireServer, use: (docs: mongoose.mongo.Collection<Doc>) => Promise<T>): Promise<T> {
  const client = new mongoose.mongo.MongoClient(server.uri, { maxPoolSize: 16, serverSelectionTimeoutMS: 5_000 });
  try {
    return await use(client.db('durable').collection<Doc>('acks'));
  } finally {
    await client.close(true).catch(() => {});
  }
}

async function killHard(server: MongoWireServer): Promise<void> {
  process.kill(server.pid, 'SIGKILL');
  await server.exited;
}

async function countAfterRestart(file: string, ids: string[]): Promise<number> {
  const server = await startMongoWireServer({ file });
  try {
    return await withClient(server, (docs) => docs.countDocuments({ _id: { $in: ids } }));
  } finally {
    await server.stop();
  }
}

test.each([
  ['one by one', 1],
  ['16 at a time', 16],
])('every insert acknowledged %s is still there after kill -9 and a restart', async (_label, concurrency) => {
  for (let round = 0; round < 2; round++) {
    const file = path.join(dir, `acks-${concurrency}-${round}.mv`);
    const server = await startMongoWireServer({ file });
    const acked: string[] = [];
    await withClient(server, async (docs) => {
      let next = 0;
      const lane = async () => {
        while (next < 300) {
          const n = next++;
          await docs.insertOne({ _id: `doc-${n}`, n });
          acked.push(`doc-${n}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      // Right after the last acknowledgement, before any background timer could save the day.
      await killHard(server);
    });
    expect(acked).toHaveLength(300);
    expect(await countAfterRestart(file, acked)).toBe(acked.length);
  }
}, 120_000);

test('updates and deletes acknowledged before kill -9 are on disk too', async () => {
  const file = path.join(dir, 'updates.mv');
  const server = await startMongoWireServer({ file });
  await withClient(server, async (docs) => {
    await docs.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `u-${n}`, n })));
    for (let n = 0; n < 50; n++) {
      if (n % 2 === 0) await docs.updateOne({ _id: `u-${n}` }, { $set: { n: -1 } });
      else await docs.findOneAndDelete({ _id: `u-${n}` });
    }
    await killHard(server);
  });
  const restarted = await startMongoWireServer({ file });
  try {
    await withClient(restarted, async (docs) => {
      expect(await docs.countDocuments({})).toBe(25);
      expect(await docs.countDocuments({ n: -1 })).toBe(25);
    });
  } finally {
    await restarted.stop();
  }
}, 60_000);

test('the embedded server accepts the durable write concern the service uses in production', async () => {
  const server = await startMongoWireServer({ file: path.join(dir, 'write-concern.mv') });
  try {
    await withClient(server, async (docs) => {
      const result = await docs.insertOne({ _id: 'wc', n: 1 }, { writeConcern: DURABLE_WRITE });
      expect(result.acknowledged).toBe(true);
      await expect(docs.insertOne({ _id: 'wc', n: 2 }, { writeConcern: DURABLE_WRITE })).rejects.toMatchObject({ code: 11000 });
      expect(await docs.findOne({ _id: 'wc' })).toEqual({ _id: 'wc', n: 1 });
    });
  } finally {
    await server.stop();
  }
}, 60_000);
