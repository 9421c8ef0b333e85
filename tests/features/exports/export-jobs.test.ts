import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ExportJob } from '../../../src/crm/export/export-job-model.js';
import { exportDirectory } from '../../../src/crm/export/export-job-files.js';
import { sweepExpiredExports } from '../../../src/crm/export/sweep-expired-exports.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { SurveyResponse } from '../../../src/crm/surveys/survey-response-model.js';
import { runNextExport } from '../../../src/features/exports/run-next-export.js';
import { runExportCli } from '../../support/run-export-cli.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

// Export jobs over the real HTTP API on the real wire server: queue, run, status, download, expiry.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let dataDir: string;
let alice: string; // sales, east
let bob: string; // sales, west
let admin: string;
const silent = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  db = await useTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'export-jobs-'));
  app = await startTestApp({ env: { DATA_DIR: dataDir } });
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  admin = await app.login('root', 'admin');
  const post = async (token: string, url: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', url, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const aliceCustomer = (await post(alice, '/api/customers', { name: '华东客户' })).id;
  const bobCustomer = (await post(bob, '/api/customers', { name: '华西客户' })).id;
  await post(alice, '/api/deals', { customerId: aliceCustomer, title: '=年度维保', amount: 1_234_500 });
  await post(alice, '/api/deals', { customerId: aliceCustomer, title: '扩容, 二期', amount: 500_000 });
  await post(bob, '/api/deals', { customerId: bobCustomer, title: 'Bob 的商机', amount: 100 });
  const tenantId = app.service.deps.defaultTenantId;
  const staffId = async (userId: string) => (await Staff.findOne({ tenantId, userId }).lean())!._id;
  const answered = (customerId: string, staff: Types.ObjectId, submittedAt: string, comment: string) => ({
    tenantId, customerId: new Types.ObjectId(customerId), templateId: new Types.ObjectId(), templateKey: 'sales', templateVersion: 2,
    templateKind: 'sales_satisfaction', staffId: staff, channel: 'link', answers: [{ key: 'overall', value: 2 }, { key: 'comment', value: comment }],
    scores: [], low: true, submittedAt: new Date(submittedAt),
  });
  await SurveyResponse.create([
    answered(aliceCustomer, await staffId('alice'), '2026-02-01T02:00:00Z', '-1 太慢'),
    answered(aliceCustomer, await staffId('alice'), '2026-02-03T02:00:00Z', '还行'),
    answered(bobCustomer, await staffId('bob'), '2026-02-02T02:00:00Z', 'Bob 的客户'),
  ]);
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function download(token: string, url: string): Promise<{ status: number; bytes: Buffer; disposition: string | null }> {
  const response = await fetch(`${app.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), disposition: response.headers.get('content-disposition') };
}

const csvRows = (bytes: Buffer) => parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as string[][];

async function drainExports(): Promise<number> {
  let runs = 0;
  while (await runNextExport({ token: `test:${new Types.ObjectId().toHexString()}`, lockMs: 30_000, directory: exportDirectory(dataDir), logger: silent })) runs += 1;
  return runs;
}

async function queue(token: string, body: Record<string, unknown>): Promise<string> {
  const res = await app.request('POST', '/api/exports/jobs', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.status).toBe('queued');
  return res.body.id as string;
}

test('a deal export job equals the direct export, in the creator scope, seen only by its creator and admins, audited', async () => {
  const id = await queue(alice, { kind: 'deals', format: 'csv', filters: { status: 'open' } });
  expect((await app.request('GET', `/api/exports/jobs/${id}/file`, { token: alice })).status).toBe(409);
  expect(await drainExports()).toBe(1);
  const view = await app.request('GET', `/api/exports/jobs/${id}`, { token: alice });
  expect(view.body).toMatchObject({ status: 'done', kind: 'deals', format: 'csv', rows: 2, filters: { status: 'open' }, downloadUrl: `/api/exports/jobs/${id}/file` });
  expect(new Date(view.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

  const fromJob = await download(alice, view.body.downloadUrl);
  expect(fromJob.status).toBe(200);
  expect(fromJob.disposition).toMatch(/filename\*=UTF-8''deals-\d{4}-\d{2}-\d{2}\.csv/);
  const direct = await download(alice, '/api/exports/deals?format=csv&status=open');
  expect(csvRows(fromJob.bytes)).toEqual(csvRows(direct.bytes));
  const titles = csvRows(fromJob.bytes).slice(1).map((r) => r[0]).sort();
  expect(titles).toEqual(["'=年度维保", '扩容, 二期']);

  expect((await app.request('GET', `/api/exports/jobs/${id}`, { token: bob })).status).toBe(404);
  expect((await download(bob, `/api/exports/jobs/${id}/file`)).status).toBe(404);
  expect((await download(admin, `/api/exports/jobs/${id}/file`)).status).toBe(200);

  const audits = await AuditLog.find({ entity: 'export_job', entityId: new Types.ObjectId(id) }).sort({ at: 1 }).lean();
  expect(audits.map((a) => a.action)).toEqual(['create', 'download', 'download']);
  expect(audits[0]!.after).toMatchObject({ kind: 'deals', format: 'csv', filters: { status: 'open' } });
});

test('the scope is the creator\'s: a salesperson\'s job holds their records, an admin\'s all of them', async () => {
  const mine = await queue(bob, { kind: 'deals', format: 'csv' });
  const all = await queue(admin, { kind: 'deals', format: 'csv' });
  await drainExports();
  expect(csvRows((await download(bob, `/api/exports/jobs/${mine}/file`)).bytes).slice(1).map((r) => r[0])).toEqual(['Bob 的商机']);
  expect(csvRows((await download(admin, `/api/exports/jobs/${all}/file`)).bytes)).toHaveLength(4);
});

test('an XLSX job is a workbook with the same rows', async () => {
  const id = await queue(admin, { kind: 'customers', format: 'xlsx', filters: { q: '华东' } });
  await drainExports();
  const file = await download(admin, `/api/exports/jobs/${id}/file`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(2).value).toBe('华东客户');
});

test('past expiresAt the file is gone (410) and the sweep deletes it', async () => {
  const id = await queue(alice, { kind: 'deals', format: 'csv' });
  await drainExports();
  const job = await ExportJob.findById(id).lean();
  const file = path.join(exportDirectory(dataDir), job!.filePath!);
  expect(existsSync(file)).toBe(true);
  await ExportJob.updateOne({ _id: job!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  const gone = await app.request('GET', `/api/exports/jobs/${id}/file`, { token: alice });
  expect(gone.status).toBe(410);
  expect(gone.body.error.message).toMatch(/expired/);
  expect((await app.request('GET', `/api/exports/jobs/${id}`, { token: alice })).body).toMatchObject({ status: 'expired', downloadUrl: null });
  expect(await sweepExpiredExports(exportDirectory(dataDir))).toBeGreaterThanOrEqual(1);
  expect(existsSync(file)).toBe(false);
  expect((await ExportJob.findById(id).lean())!.status).toBe('expired');
  expect((await app.request('GET', `/api/exports/jobs/${id}/file`, { token: alice })).status).toBe(410);
});

test('bad input is a 400 naming the field, and nothing is queued', async () => {
  const before = await ExportJob.countDocuments();
  const badKind = await app.request('POST', '/api/exports/jobs', { token: alice, body: { kind: 'secrets', format: 'csv' } });
  expect(badKind.status).toBe(400);
  expect(JSON.stringify(badKind.body)).toMatch(/kind/);
  const badFilter = await app.request('POST', '/api/exports/jobs', { token: alice, body: { kind: 'deals', filters: { status: 'maybe' } } });
  expect(badFilter.status).toBe(400);
  expect(JSON.stringify(badFilter.body)).toMatch(/status/);
  const unknownFilter = await app.request('POST', '/api/exports/jobs', { token: alice, body: { kind: 'deals', filters: { drop: 1 } } });
  expect(unknownFilter.status).toBe(400);
  expect(await ExportJob.countDocuments()).toBe(before);
});

test('survey answers: a direct export in the caller scope and period, and the same as a job', async () => {
  const mine = await download(alice, '/api/exports/survey-answers?format=csv');
  expect(mine.status).toBe(200);
  const rows = csvRows(mine.bytes);
  expect(rows[0]![0]).toBe('提交时间 Submitted');
  expect(rows.slice(1).map((r) => [r[2], r[8]])).toEqual([
    ['华东客户', 'overall: 2; comment: -1 太慢'],
    ['华东客户', 'overall: 2; comment: 还行'],
  ]);
  const ranged = csvRows((await download(admin, '/api/exports/survey-answers?format=csv&from=2026-02-02&to=2026-02-02')).bytes);
  expect(ranged.slice(1).map((r) => r[2])).toEqual(['华西客户']);
  expect((await download(alice, '/api/exports/survey-answers?format=csv&from=2026-02-03&to=2026-02-01')).status).toBe(400);

  const id = await queue(alice, { kind: 'survey-answers', format: 'csv' });
  await drainExports();
  expect(csvRows((await download(alice, `/api/exports/jobs/${id}/file`)).bytes)).toEqual(rows);
  expect(await AuditLog.countDocuments({ entity: 'survey_answer_export' })).toBe(3);
});

test('npm run export -- --entity survey-answers writes the whole company\'s answers in the period', async () => {
  const out = path.join(dataDir, 'answers.csv');
  const cli = await runExportCli(db, dataDir, ['--out', out, '--entity', 'survey-answers', '--from', '2026-02-02']);
  expect(cli.code, cli.out).toBe(0);
  expect(cli.out).toMatch(/^2 survey-answers exported/m);
  expect(csvRows(readFileSync(out)).slice(1).map((r) => r[2])).toEqual(['华西客户', '华东客户']);
}, 180_000);
