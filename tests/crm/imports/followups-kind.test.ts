import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { devAuthModule } from '../../../src/features/auth/dev-auth-module.js';
import { importsModule } from '../../../src/features/imports/imports-module.js';
import { Activity } from '../../../src/crm/models/activity.js';
import { Customer } from '../../../src/crm/models/customer.js';
import { ImportJob } from '../../../src/crm/imports/import-job-model.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { csvBytes, xlsxBytes, type Cell } from '../../support/import-fixtures.js';
import { drainImports, uploadImportBytes } from '../../support/import-api.js';
import { runImportCli } from '../../support/run-import-cli.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

// Follow-up history imports over the real HTTP API on the real wire server.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let star: Types.ObjectId; // 星河科技, C00001, 13900000001
let moon: Types.ObjectId; // 月亮湾, C00002
let anna: Types.ObjectId;

const ROWS: Cell[][] = [
  ['客户名称', '客户编号', '手机', '跟进时间', '跟进方式', '跟进内容', '跟进人'],
  ['星河科技', '', '', '2026-01-05 10:30', '电话', '=问了报价', '安娜'],
  ['', 'c00002', '', '2026/1/6', '拜访', '上门演示', ''],
  ['', '', '+86 139-0000-0001', '2026-01-07', 'wechat', '发了合同', 'anna'],
  ['不存在的客户', '', '', '2026-01-08', '电话', '打不通', ''],
  ['星河科技', '', '', '昨天', '电话', '日期不对', ''],
  ['星河科技', '', '', '2026-01-09', '飞鸽', '方式不对', '不存在的人'],
  ['月亮湾', '', '', '2026-01-10', '', '', ''],
];

const upload = (bytes: Buffer, name: string, kind = 'followups') => uploadImportBytes(app, admin, bytes, name, kind);

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp({ modules: [devAuthModule, importsModule] });
  admin = await app.login('boss', 'admin');
  await app.login('anna', 'sales');
  const tenantId = app.service.deps.defaultTenantId;
  await Staff.updateOne({ tenantId, userId: 'anna' }, { $set: { name: '安娜' } });
  anna = (await Staff.findOne({ tenantId, userId: 'anna' }).lean())!._id;
  const base = { tenantId, company: '', stage: 'lead', tags: [], ownerId: anna };
  star = (await Customer.create({ ...base, code: 'C00001', name: '星河科技', phones: ['13900000001'], searchText: '星河科技 c00001', lastContactAt: new Date('2026-01-06T00:00:00Z') }))._id;
  moon = (await Customer.create({ ...base, code: 'C00002', name: '月亮湾', phones: [], searchText: '月亮湾 c00002' }))._id;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

test('headers match the follow-up columns; the preview finds each customer by name, number or phone and names every row error', async () => {
  const uploaded = await upload(csvBytes(ROWS, 'utf-8-bom'), 'history.csv');
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.kind).toBe('followups');
  expect(uploaded.body.mapping).toEqual({ 客户名称: 'customer', 客户编号: 'customerCode', 手机: 'customerPhone', 跟进时间: 'at', 跟进方式: 'channel', 跟进内容: 'content', 跟进人: 'author' });
  const preview = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: {} });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const p = preview.body.preview;
  expect([p.total, p.valid, p.rejected]).toEqual([7, 3, 4]);
  expect(p.samples.map((s: { customerId: string; channel: string }) => [s.customerId, s.channel])).toEqual([
    [star.toHexString(), 'phone'], [moon.toHexString(), 'visit'], [star.toHexString(), 'wechat'],
  ]);
  const errors = Object.fromEntries(p.errors.map((e: { row: number; errors: Array<{ field: string; message: string }> }) => [e.row, e.errors.map((x) => x.field)]));
  expect(errors).toEqual({ 5: ['customer'], 6: ['at'], 7: ['channel', 'author'], 8: ['content'] });
  expect(p.errors[0].errors[0].message).toMatch(/no customer with name "不存在的客户"/);
  expect(await Activity.countDocuments({ type: 'follow_up' })).toBe(0);
});

test('a bad mapping is a 400 naming the column; a mapping without content is refused', async () => {
  const uploaded = await upload(csvBytes(ROWS, 'utf-8'), 'history-2.csv');
  const bad = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: { mapping: { 跟进内容: 'stage' } } });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/跟进内容/);
  const noContent = await app.request('POST', `/api/imports/${uploaded.body.id}/preview`, { token: admin, body: { mapping: { 跟进内容: 'ignore' } } });
  expect(noContent.status).toBe(400);
  expect(JSON.stringify(noContent.body)).toMatch(/content/);
  expect((await ImportJob.findById(uploaded.body.id).lean())!.status).toBe('uploaded');
});

test('the run writes each valid row once as a follow-up, rejects the rest with a report, and a re-run of the same file imports nothing twice', async () => {
  const bytes = await xlsxBytes(ROWS);
  const first = await upload(bytes, 'history.xlsx');
  expect((await app.request('POST', `/api/imports/${first.body.id}/preview`, { token: admin, body: {} })).status).toBe(200);
  const started = await app.request('POST', `/api/imports/${first.body.id}/start`, { token: admin });
  expect(started.status).toBe(202);
  await drainImports();
  const done = await app.request('GET', `/api/imports/${first.body.id}`, { token: admin });
  expect(done.body.status).toBe('done');
  expect(done.body.progress).toMatchObject({ processed: 7, created: 3, rejected: 4 });

  const followUps = await Activity.find({ type: 'follow_up', source: 'import' }).sort({ at: 1 }).lean();
  expect(followUps.map((a) => [String(a.customerId), a.channel, a.content, String(a.authorId)])).toEqual([
    [star.toHexString(), 'phone', '=问了报价', anna.toHexString()],
    [moon.toHexString(), 'visit', '上门演示', String((await Staff.findOne({ userId: 'boss' }).lean())!._id)],
    [star.toHexString(), 'wechat', '发了合同', anna.toHexString()],
  ]);
  expect(followUps[0]!.at.toISOString()).toBe('2026-01-05T02:30:00.000Z'); // 10:30 in Asia/Shanghai
  expect((await Customer.findById(star).lean())!.lastContactAt!.toISOString()).toBe('2026-01-06T16:00:00.000Z');
  expect((await Customer.findById(moon).lean())!.lastContactAt!.toISOString()).toBe('2026-01-05T16:00:00.000Z');

  const report = await fetch(`${app.baseUrl}/api/imports/${first.body.id}/rejected.csv`, { headers: { authorization: `Bearer ${admin}` } });
  const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await report.arrayBuffer()).slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(5);
  expect(lines[1]).toMatch(/^不存在的客户,.*,5,"?customer: no customer with name/);

  // The same file again, the same way: the same batch, nothing written twice.
  const again = await upload(bytes, 'history-again.xlsx');
  expect((await app.request('POST', `/api/imports/${again.body.id}/preview`, { token: admin, body: {} })).status).toBe(200);
  const repeated = await app.request('POST', `/api/imports/${again.body.id}/start`, { token: admin });
  expect(repeated.status).toBe(200);
  expect(repeated.body).toMatchObject({ repeated: true, id: first.body.id });
  // A crashed run resumed over the same batch finds its rows done.
  await ImportJob.updateOne({ _id: first.body.id }, { $set: { status: 'queued', lockedBy: null } });
  await drainImports();
  expect(await Activity.countDocuments({ type: 'follow_up', source: 'import' })).toBe(3);
  expect((await app.request('GET', `/api/imports/${first.body.id}`, { token: admin })).body.progress).toMatchObject({ processed: 7, created: 3, rejected: 4 });
});

test('customer imports are unchanged: no kind means customers', async () => {
  const uploaded = await upload(csvBytes([['客户名称', '手机'], ['新客户', '13700000001']], 'utf-8'), 'customers.csv', 'customers');
  expect(uploaded.body.kind).toBe('customers');
  expect(uploaded.body.mapping).toEqual({ 客户名称: 'name', 手机: 'phones' });
  expect((await upload(csvBytes(ROWS, 'utf-8'), 'x.csv', 'contracts')).status).toBe(400);
});

test('the CLI imports follow-ups with --kind followups (--owner: the author of rows without one) and refuses an unknown kind', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'followups-cli-'));
  const cli = (args: string[]) => runImportCli(db, dir, args);
  try {
    const file = path.join(dir, 'history.xlsx');
    await writeFile(file, await xlsxBytes([['客户编号', '跟进时间', '跟进内容'], ['C00002', '2026-02-01', '命令行导入'], ['C09999', '2026-02-02', '没有这个客户']]));
    const refused = await cli([file, '--kind', 'contracts']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--kind must be one of customers, followups, products');
    const ran = await cli([file, '--kind', 'followups', '--owner', 'anna', '--yes']);
    expect(ran.stdout).toMatch(/preview: 2 rows .* 1 valid, 1 rejected/);
    expect(ran.stdout).toMatch(/row 3: customer: no customer with number "C09999"/);
    expect(ran.stdout).toMatch(/done: 2 rows — 1 created, .* 1 rejected/);
    const written = await Activity.findOne({ content: '命令行导入' }).lean();
    expect([String(written!.customerId), String(written!.authorId), written!.source]).toEqual([moon.toHexString(), anna.toHexString(), 'import']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
