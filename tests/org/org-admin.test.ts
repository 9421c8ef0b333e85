import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Department } from '../../src/crm/models/department.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  alice = await app.login('alice', 'sales', ['华东']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const req = (method: string, path: string, body?: unknown, token = admin) => app.request(method, path, { token, body });

test('the department tree: create, nest, rename (members follow), and no cycles', async () => {
  const sales = (await req('POST', '/api/admin/departments', { name: '销售中心' })).body;
  const east = (await req('POST', '/api/admin/departments', { name: '华东', parentId: sales.id })).body;
  const shanghai = (await req('POST', '/api/admin/departments', { name: '上海组', parentId: east.id })).body;
  expect((await req('POST', '/api/admin/departments', { name: '华东' })).status).toBe(409);
  expect((await req('POST', '/api/admin/departments', { name: 'x', parentId: '0123456789abcdef01234567' })).body.error.message).toMatch(/parentId/);
  expect((await req('POST', '/api/admin/departments', { name: 'x' }, alice)).status).toBe(403);

  const tree = (await req('GET', '/api/admin/departments')).body.items;
  expect(tree).toMatchObject([{ name: '销售中心', members: 0, children: [{ name: '华东', members: 1, children: [{ name: '上海组', children: [] }] }] }]);

  // Under itself or its own descendant: a cycle, refused, nothing changed.
  for (const parentId of [sales.id, east.id, shanghai.id]) {
    if (parentId === sales.id) continue;
    const moved = await req('PATCH', `/api/admin/departments/${east.id}`, { parentId });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/parentId: a department cannot move under itself/);
  }
  expect(String((await Department.findById(east.id).lean())!.parentId)).toBe(sales.id);

  expect((await req('PATCH', `/api/admin/departments/${east.id}`, { name: '华东大区' })).status).toBe(200);
  expect((await Staff.findOne({ userId: 'alice' }).lean())!.departments).toEqual(['华东大区']);
  // Alice's data scope follows: she still signs in and sees her department by its new name.
  expect((await req('GET', '/api/admin/staff?department=华东大区')).body.items.map((s: { userId: string }) => s.userId)).toEqual(['alice']);
});

test('staff records: position, departments and manager validated; the last admin cannot be removed; a leaver is deactivated, not deleted', async () => {
  const root = (await Staff.findOne({ userId: 'root' }).lean())!;
  const a = (await Staff.findOne({ userId: 'alice' }).lean())!;
  const patch = (id: unknown, body: unknown) => req('PATCH', `/api/admin/staff/${String(id)}`, body);
  expect((await patch(a._id, { departments: ['火星部'] })).body.error.message).toMatch(/departments: no department "火星部"/);
  expect((await patch(a._id, { managerId: String(a._id) })).body.error.message).toMatch(/managerId/);
  expect((await patch(a._id, { role: 'god' })).status).toBe(400);
  expect((await patch(a._id, { colour: 'red' })).status).toBe(400);
  const ok = await patch(a._id, { position: '客户经理', managerId: String(root._id), departments: ['上海组'] });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  expect(ok.body).toMatchObject({ userId: 'alice', position: '客户经理', managerId: String(root._id), departments: ['上海组'], role: 'sales', active: true });

  for (const body of [{ role: 'sales' }, { active: false }]) {
    const refused = await patch(root._id, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/last active admin/);
  }
  expect((await Staff.findById(root._id).lean())!).toMatchObject({ role: 'admin', active: true });
  // With a second admin, the first may step down.
  expect((await patch(a._id, { role: 'admin' })).status).toBe(200);
  expect((await patch(root._id, { role: 'manager' })).status).toBe(200);
  // Roles are read from the record on each request: root is a manager now, alice the admin.
  expect((await req('GET', '/api/admin/staff')).status).toBe(403);
  const asAlice = (id: unknown, body: unknown) => req('PATCH', `/api/admin/staff/${String(id)}`, body, alice);

  const customer = (await app.request('POST', '/api/customers', { token: await app.login('bob', 'sales', ['上海组']), body: { name: '鲍勃的客户' } })).body;
  const bob = (await Staff.findOne({ userId: 'bob' }).lean())!;
  expect((await asAlice(bob._id, { active: false })).body).toMatchObject({ userId: 'bob', active: false });
  expect(await Staff.countDocuments({ userId: 'bob' })).toBe(1);
  expect((await app.request('GET', `/api/customers/${customer.id}`, { token: alice })).body.needsTransfer).toBe(true);
  expect((await req('GET', '/api/admin/staff?active=false', undefined, alice)).body.items.map((s: { userId: string }) => s.userId)).toEqual(['bob']);
  expect(await AuditLog.countDocuments({ action: 'staff.update' })).toBe(5);
});
