import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Activity } from '../../../src/crm/models/activity.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Tenant } from '../../../src/crm/models/tenant.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales, east
let bob: string; // sales, west
let carol: string; // manager of east
let admin: string;
let aliceCustomer: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  admin = await app.login('root', 'admin');
  const post = async (token: string, path: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', path, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  aliceCustomer = (await post(alice, '/api/customers', { name: '华东客户' })).id;
  const bobCustomer = (await post(bob, '/api/customers', { name: '华西客户' })).id;
  const open = await post(alice, '/api/deals', { customerId: aliceCustomer, title: '=年度维保', amount: 1_234_500 });
  const toWin = await post(alice, '/api/deals', { customerId: aliceCustomer, title: '扩容', amount: 500_000 });
  expect((await app.request('PATCH', `/api/deals/${toWin.id}`, { token: alice, body: { version: toWin.version, stage: '赢单' } })).status).toBe(200);
  await post(bob, '/api/deals', { customerId: bobCustomer, title: 'Bob 的商机', amount: 100 });
  expect(open.id).toBeTruthy();
  const contract = await post(alice, '/api/contracts', { customerId: aliceCustomer, title: '维保合同', amount: 1_000_000 });
  expect((await app.request('POST', `/api/contracts/${contract.id}/status`, { token: alice, body: { status: 'signed' } })).status).toBe(200);
  await post(alice, `/api/contracts/${contract.id}/payments`, { amount: 250_000, receivedDate: '2026-01-05' });
  await post(bob, '/api/contracts', { customerId: bobCustomer, title: 'Bob 合同', amount: 300 });
  // Follow-ups on both sides of local midnight (Asia/Shanghai is UTC+8).
  const logged = async (token: string, customerId: string, content: string, at: string) => {
    const res = await post(token, `/api/customers/${customerId}/follow-ups`, { channel: 'phone', content, nextFollowUp: 'none' });
    await Activity.updateOne({ _id: new Types.ObjectId(res.activity?.id ?? res.id) }, { $set: { at: new Date(at) } });
  };
  await logged(alice, aliceCustomer, '1月5日 23:30 北京时间', '2026-01-05T15:30:00Z');
  await logged(alice, aliceCustomer, '@SUM(1) 1月6日 00:30 北京时间', '2026-01-05T16:30:00Z');
  await logged(bob, bobCustomer, 'Bob 的跟进', '2026-01-05T10:00:00Z');
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function csv(token: string, path: string): Promise<{ status: number; rows: string[][]; disposition: string | null; body: string }> {
  const response = await fetch(`${app.baseUrl}/api/exports/${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  const rows = response.status === 200 ? (parse(body.replace(/^\uFEFF/, '')) as string[][]) : [];
  return { status: response.status, rows, disposition: response.headers.get('content-disposition'), body };
}

test('deals: in the caller scope, status filter, amounts in 元, formula cells neutralised, audited', async () => {
  const mine = await csv(alice, 'deals?format=csv');
  expect(mine.status).toBe(200);
  expect(mine.disposition).toMatch(/filename="deals-\d{4}-\d{2}-\d{2}\.csv"/);
  expect(mine.rows[0]![0]).toBe('商机 Deal');
  const titles = mine.rows.slice(1).map((r) => r[0]);
  expect(titles.sort()).toEqual(["'=年度维保", '扩容']);
  expect(mine.rows.find((r) => r[0] === "'=年度维保")![4]).toBe('12345');
  const won = await csv(carol, 'deals?format=csv&status=won');
  expect(won.rows.slice(1).map((r) => [r[0], r[2]])).toEqual([['扩容', '华东客户']]);
  expect((await csv(admin, 'deals?format=csv')).rows).toHaveLength(4);
  const audits = await AuditLog.find({ entity: 'deal_export' }).lean();
  expect(audits.map((a) => (a.after as { rows: number }).rows).sort()).toEqual([1, 2, 3]);
});

test('contracts: paid and outstanding as of today, in scope', async () => {
  const mine = await csv(alice, 'contracts?format=csv');
  expect(mine.rows.slice(1)).toHaveLength(1);
  const row = mine.rows[1]!;
  expect([row[1], row[3], row[4], row[5], row[6], row[7]]).toEqual(['维保合同', '华东客户', 'signed', '10000', '2500', '7500']);
  expect((await csv(bob, 'contracts?format=csv&status=draft')).rows.slice(1).map((r) => r[1])).toEqual(['Bob 合同']);
});

test('follow-ups: the period is calendar days in the company time zone; cells neutralised; xlsx too', async () => {
  const fifth = await csv(alice, 'follow-ups?format=csv&from=2026-01-05&to=2026-01-05');
  expect(fifth.rows.slice(1).map((r) => r[4])).toEqual(['1月5日 23:30 北京时间']);
  const sixth = await csv(alice, 'follow-ups?format=csv&from=2026-01-06&to=2026-01-06');
  expect(sixth.rows.slice(1).map((r) => r[4])).toEqual(["'@SUM(1) 1月6日 00:30 北京时间"]);
  expect((await csv(admin, 'follow-ups?format=csv&from=2026-01-05&to=2026-01-06')).rows.slice(1)).toHaveLength(3);
  expect((await csv(bob, 'follow-ups?format=csv')).rows.slice(1).map((r) => r[4])).toEqual(['Bob 的跟进']);

  const response = await fetch(`${app.baseUrl}/api/exports/follow-ups?customerId=${aliceCustomer}`, { headers: { authorization: `Bearer ${alice}` } });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  expect(workbook.getWorksheet('Follow-ups')!.rowCount).toBe(3);
});

test('bad filters name the field and write nothing; a role without the export permission is refused', async () => {
  const auditsBefore = await AuditLog.countDocuments({ action: 'export' });
  const bad = await app.request('GET', '/api/exports/follow-ups?from=2026-02-30', { token: alice });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('from');
  expect((await app.request('GET', '/api/exports/follow-ups?from=2026-02-01&to=2026-01-01', { token: alice })).status).toBe(400);
  expect((await app.request('GET', '/api/exports/deals?status=maybe', { token: alice })).status).toBe(400);
  expect((await app.request('GET', '/api/exports/contracts?status[$ne]=x', { token: alice })).status).toBe(400);
  await Tenant.updateMany({}, { $set: { 'permissions.exportRoles': ['admin'] } });
  try {
    expect((await app.request('GET', '/api/exports/deals', { token: carol })).status).toBe(403);
    expect((await app.request('GET', '/api/exports/follow-ups', { token: alice })).status).toBe(403);
  } finally {
    await Tenant.updateMany({}, { $unset: { 'permissions.exportRoles': 1 } });
  }
  expect(await AuditLog.countDocuments({ action: 'export' })).toBe(auditsBefore);
});
