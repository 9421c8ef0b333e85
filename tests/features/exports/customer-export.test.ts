import ExcelJS from 'exceljs';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Customer } from '../../../src/crm/models/customer.js';
import { Tenant } from '../../../src/crm/models/tenant.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string; // sales, east
let bob: string; // sales, west
let carol: string; // manager of east
let admin: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  bob = await app.login('bob', 'sales', ['west']);
  carol = await app.login('carol', 'manager', ['east']);
  admin = await app.login('root', 'admin');
  const create = async (token: string, body: Record<string, unknown>) => expect((await app.request('POST', '/api/customers', { token, body })).status).toBe(201);
  await create(alice, { name: '=HYPERLINK("http://evil.example","点我")', company: '+cmd|calc', tags: ['@risk'], phones: ['13800138000'] });
  await create(alice, { name: '张三, "老张"', company: '杭州云栖科技\n二部', email: 'z3@example.cn', tags: ['VIP'] });
  await create(alice, { name: '-2+3 李四', stage: 'intent' });
  await create(bob, { name: 'Bob 的客户', tags: ['VIP'] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function download(token: string, query: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const response = await fetch(`${app.baseUrl}/api/exports/customers?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** A minimal RFC 4180 reader for the test's side (quoted fields with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function listedCodes(token: string, query: string): Promise<string[]> {
  const codes: string[] = [];
  let cursor = '';
  for (;;) {
    const page = await app.request('GET', `/api/customers?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    codes.push(...page.body.items.map((c: { code: string }) => c.code));
    if (!page.body.nextCursor) return codes.sort();
    cursor = page.body.nextCursor;
  }
}

describe('customer export', () => {
  test('CSV: BOM, quoting, formula-looking cells neutralised, exactly the rows the list shows the caller, audited', async () => {
    const result = await download(alice, 'format=csv');
    expect(result.status).toBe(200);
    expect(result.type).toBe('text/csv; charset=utf-8');
    expect(result.disposition).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(result.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parseCsv(result.bytes.toString('utf8').slice(1));
    expect(header?.slice(0, 3)).toEqual(['编号 Code', '客户名称 Name', '公司 Company']);
    expect(rows.map((r) => r[0]).sort()).toEqual(await listedCodes(alice, ''));
    const byName = new Map(rows.map((r) => [r[1], r]));
    expect(byName.get(`'=HYPERLINK("http://evil.example","点我")`)?.[2]).toBe("'+cmd|calc");
    expect(byName.get(`'=HYPERLINK("http://evil.example","点我")`)?.[7]).toBe("'@risk");
    expect(byName.get("'-2+3 李四")?.[5]).toBe('意向');
    expect(byName.get('张三, "老张"')?.[2]).toBe('杭州云栖科技\n二部');
    expect(rows.some((r) => r[1] === 'Bob 的客户')).toBe(false);

    const audit = await AuditLog.findOne({ entity: 'customer_export', action: 'export' }).sort({ at: -1 }).lean();
    expect(audit?.after).toMatchObject({ format: 'csv', rows: 3 });
  });

  test('XLSX with a filter: a manager gets their department, equal to the list with the same filter', async () => {
    const result = await download(carol, 'format=xlsx&tag=VIP');
    expect(result.status).toBe(200);
    expect(result.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [, ...rows] = await xlsxRows(result.bytes);
    expect(rows.map((r) => r[0])).toEqual(await listedCodes(carol, 'tag=VIP'));
    expect(rows.map((r) => r[1])).toEqual(['张三, "老张"']);

    const everyone = await xlsxRows((await download(admin, 'format=xlsx')).bytes);
    expect(everyone.length - 1).toBe(4);
    const formula = everyone.find((r) => String(r[1]).includes('HYPERLINK'));
    expect(formula?.[1]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
  });

  test('hundreds of rows stream through in batches and arrive complete', async () => {
    const [tenant] = await Tenant.find().lean();
    const owner = (await Customer.findOne({ name: 'Bob 的客户' }).lean())!.ownerId;
    await Customer.insertMany(
      Array.from({ length: 1_234 }, (_, i) => ({
        tenantId: tenant!._id, code: `B${String(i).padStart(5, '0')}`, name: `批量 ${i}`, stage: 'lead', ownerId: owner, searchText: `批量 ${i}`,
      })),
    );
    const rows = parseCsv((await download(bob, 'format=csv')).bytes.toString('utf8').slice(1));
    expect(rows.length - 1).toBe(1_235);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(1_235);
  });

  test('bad input is refused with the field named, and nothing is audited', async () => {
    const before = await AuditLog.countDocuments({ entity: 'customer_export' });
    const badFormat = await app.request('GET', '/api/exports/customers?format=pdf', { token: alice });
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body)).toContain('format');
    expect((await app.request('GET', '/api/exports/customers?ownerId[$ne]=x', { token: alice })).status).toBe(400);
    expect((await app.request('GET', '/api/exports/customers?bogus=1', { token: alice })).status).toBe(400);
    expect((await app.request('GET', '/api/exports/customers')).status).toBe(401);
    expect(await AuditLog.countDocuments({ entity: 'customer_export' })).toBe(before);
  });

  test('a company can keep export from a role', async () => {
    await Tenant.updateMany({}, { $set: { 'permissions.exportRoles': ['manager', 'admin'] } });
    try {
      const refused = await app.request('GET', '/api/exports/customers?format=csv', { token: alice });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/not allowed for the sales role/);
      expect((await download(carol, 'format=csv')).status).toBe(200);
    } finally {
      await Tenant.updateMany({}, { $unset: { permissions: 1 } });
    }
  });
});

