import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../src/db/backup/read-backup.js';
import { nightlyBackupJob } from '../../src/jobs/nightly-backup-job.js';
import { useTestDatabase } from '../support/test-db.js';

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'nightly-backup-'));
  await mongoose.connection.db!.collection('customers').insertMany([{ name: '张三' }, { name: '李四' }]);
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

const tick = (iso: string) => ({ now: new Date(iso), instanceId: 'test', stillLeader: async () => true });

describe('nightly backup job', () => {
  it('waits for 03:40 local time, writes one verified archive per local date, and keeps the last 3 days', async () => {
    const job = nightlyBackupJob({ dir, keepDays: 3, timezone: 'Asia/Shanghai' });
    for (const date of ['2026-11-20', '2026-11-28', '2026-11-29', '2026-11-30']) await writeFile(path.join(dir, `chatcrm-${date}.tar`), 'old');
    await writeFile(path.join(dir, 'notes.txt'), 'not a nightly archive');

    // 03:39 in Shanghai is 19:39 UTC the day before.
    expect(await job.run(tick('2026-11-30T19:39:00Z'))).toEqual({ status: 'not_due' });
    expect(await readdir(dir)).not.toContain('chatcrm-2026-12-01.tar');

    const ran = (await job.run(tick('2026-11-30T19:41:00Z'))) as { status: string; documents: number; removed: string[] };
    expect(ran.status).toBe('ran');
    expect(ran.removed).toEqual(['chatcrm-2026-11-20.tar', 'chatcrm-2026-11-28.tar']);
    const manifest = await verifyBackup(path.join(dir, 'chatcrm-2026-12-01.tar'));
    expect(manifest.collections.find((c) => c.name === 'customers')?.count).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['chatcrm-2026-11-29.tar', 'chatcrm-2026-11-30.tar', 'chatcrm-2026-12-01.tar', 'notes.txt']);

    expect(await job.run(tick('2026-11-30T23:00:00Z'))).toMatchObject({ status: 'already_ran' });
  });
});
