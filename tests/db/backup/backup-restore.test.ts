import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import tar from 'tar-stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackupArchiveError, collectionEntryName } from '../../../src/db/backup/backup-manifest.js';
import { verifyBackup } from '../../../src/db/backup/read-backup.js';
import { DatabaseNotEmptyError, restoreBackup } from '../../../src/db/backup/restore-backup.js';
import { writeBackup } from '../../../src/db/backup/write-backup.js';
import { SCHEMA_VERSION } from '../../../src/db/schema-version.js';
import { useTestDatabase } from '../../support/test-db.js';

const { ObjectId, Long, Decimal128, Binary, EJSON } = mongoose.mongo.BSON;
type Db = mongoose.mongo.Db;

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;
let db: Db;

beforeAll(async () => {
  database = await useTestDatabase();
  db = mongoose.connection.db!;
  dir = await mkdtemp(path.join(os.tmpdir(), 'backup-test-'));
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

async function wipe(): Promise<void> {
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (!name.startsWith('system.')) await db.collection(name).drop();
  }
}

/** Every collection's documents, in _id order, as canonical extended JSON: equal strings = equal data and types. */
async function fingerprint(): Promise<Record<string, { count: number; sha256: string }>> {
  const result: Record<string, { count: number; sha256: string }> = {};
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  for (const name of names.sort()) {
    const docs = await db.collection(name).find({}, { sort: { _id: 1 } }).toArray();
    result[name] = { count: docs.length, sha256: createHash('sha256').update(EJSON.stringify(docs, { relaxed: false })).digest('hex') };
  }
  return result;
}

async function seed(): Promise<void> {
  const tenantId = new ObjectId();
  await db.collection('customers').insertMany(
    Array.from({ length: 2_345 }, (_, i) => ({
      _id: new ObjectId(),
      tenantId,
      name: i % 7 === 0 ? `客户 ${i} "quoted"\nsecond line` : `Customer ${i}`,
      code: `C${String(i).padStart(5, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      score: i % 3 === 0 ? Long.fromString('9007199254740993') : i,
      amount: Decimal128.fromString(`${i}.25`),
      tags: ['a', { nested: [1, 2, null] }],
    })),
  );
  await db.collection('customers').createIndex({ tenantId: 1, code: 1 }, { unique: true, name: 'tenant_code' });
  await db.collection<{ _id: string }>('activities').insertMany(
    Array.from({ length: 310 }, (_, i) => ({ _id: `a${i}`, at: new Date(i * 1000), blob: new Binary(Buffer.from([i % 256, 0, 255])) })),
  );
  await db.collection('activities').createIndex({ at: -1 }, { name: 'by_time', expireAfterSeconds: 10 ** 9 });
  await db.createCollection('empty_one');
}

describe('backup and restore', () => {
  beforeEach(wipe);

  it('backup → wipe → restore gives identical documents, types, counts and indexes', async () => {
    await seed();
    const before = await fingerprint();
    const file = path.join(dir, 'round-trip.tar');
    const manifest = await writeBackup(db, file);
    expect(manifest.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.fromEntries(manifest.collections.map((c) => [c.name, c.count]))).toEqual({ activities: 310, customers: 2_345, empty_one: 0 });

    await wipe();
    expect(await fingerprint()).toEqual({});
    const report = await restoreBackup(db, file);
    expect(report.counts).toEqual({ activities: 310, customers: 2_345, empty_one: 0 });
    expect(await fingerprint()).toEqual(before);

    const indexes = await db.collection('customers').indexes();
    expect(indexes.find((index) => index.name === 'tenant_code')).toMatchObject({ unique: true, key: { tenantId: 1, code: 1 } });
    const [one] = await db.collection('customers').find().limit(1).toArray();
    await expect(db.collection('customers').insertOne({ tenantId: one!.tenantId, code: one!.code })).rejects.toThrow(/duplicate key/i);
    expect((await db.collection('activities').indexes()).find((index) => index.name === 'by_time')).toMatchObject({ expireAfterSeconds: 10 ** 9 });
  });

  it('refuses a database that holds data unless forced, and then replaces it', async () => {
    await seed();
    const file = path.join(dir, 'force.tar');
    await writeBackup(db, file);
    const archived = await fingerprint();
    await db.collection('customers').deleteMany({ code: { $gt: 'C01000' } });
    await db.collection<{ _id: string }>('strays').insertOne({ _id: 'not in the archive' });
    const changed = await fingerprint();

    await expect(restoreBackup(db, file)).rejects.toThrow(DatabaseNotEmptyError);
    expect(await fingerprint()).toEqual(changed);

    await restoreBackup(db, file, { force: true });
    expect(await fingerprint()).toEqual(archived);
  });

  describe('a damaged or foreign archive is refused and nothing changes', () => {
    let good: Buffer;
    let manifestEnd: number;
    beforeEach(async () => {
      await seed();
      const file = path.join(dir, 'good.tar');
      await writeBackup(db, file);
      good = await readFile(file);
      // The manifest is the first entry: a 512-byte header and its content padded to 512.
      manifestEnd = 512 + Math.ceil(Number.parseInt(good.subarray(124, 136).toString(), 8) / 512) * 512;
      await wipe();
      await db.collection<{ _id: number }>('sentinel').insertOne({ _id: 1 });
    });

    async function expectRefused(bytes: Buffer, message: RegExp): Promise<void> {
      const file = path.join(dir, 'bad.tar');
      await writeFile(file, bytes);
      const before = await fingerprint();
      await expect(verifyBackup(file)).rejects.toThrow(message);
      const refusal = restoreBackup(db, file, { force: true });
      await expect(refusal).rejects.toThrow(BackupArchiveError);
      await expect(refusal).rejects.toThrow(message);
      expect(await fingerprint()).toEqual(before);
    }

    it('one flipped byte inside a collection', async () => {
      const bad = Buffer.from(good);
      const at = manifestEnd + 512 + 40;
      bad[at] = bad[at]! ^ 0x5a;
      await expectRefused(bad, /damaged/);
    });

    it('cut short', async () => {
      await expectRefused(good.subarray(0, Math.floor(good.length * 0.6)), /damaged|not a readable/);
    });

    it('not a tar file at all', async () => {
      await expectRefused(Buffer.from('this is not an archive, just some text that is long enough '.repeat(30)), /not a (readable )?ChatCRM backup/);
    });

    it('a manifest whose counts were edited', async () => {
      await expectRefused(await rewriteManifest(good, (m) => ({ ...m, collections: m.collections.map((c) => ({ ...c, count: c.count + 1 })) })), /manifest says/);
    });

    it('written by a newer schema', async () => {
      await expectRefused(await rewriteManifest(good, (m) => ({ ...m, schemaVersion: SCHEMA_VERSION + 1 })), /newer ChatCRM/);
    });

    it('a collection missing from the archive', async () => {
      await expectRefused(await dropEntry(good, collectionEntryName('customers')), /lacks customers/);
    });
  });
});

type ManifestJson = { schemaVersion: number; collections: { name: string; count: number }[] };

/** Repacks an archive, passing the manifest through `edit` and every other entry unchanged. */
async function repack(archive: Buffer, edit: (name: string, content: Buffer) => Buffer | undefined): Promise<Buffer> {
  const extract = tar.extract();
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => chunks.push(chunk as Buffer));
  const packed = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  extract.end(archive);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const part of entry as AsyncIterable<Buffer>) parts.push(part);
    const content = edit(entry.header.name, Buffer.concat(parts));
    if (content) pack.entry({ name: entry.header.name, size: content.length }, content);
  }
  pack.finalize();
  await packed;
  return Buffer.concat(chunks);
}

function rewriteManifest(archive: Buffer, edit: (manifest: ManifestJson) => ManifestJson): Promise<Buffer> {
  return repack(archive, (name, content) =>
    name === 'manifest.json' ? Buffer.from(JSON.stringify(edit(JSON.parse(content.toString()) as ManifestJson))) : content,
  );
}

function dropEntry(archive: Buffer, entryName: string): Promise<Buffer> {
  return repack(archive, (name, content) => (name === entryName ? undefined : content));
}
