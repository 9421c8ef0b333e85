import { afterAll, beforeAll, expect, test } from 'vitest';
import { devAuthModule } from '../../../src/features/auth/dev-auth-module.js';
import { meModule } from '../../../src/features/auth/me-module.js';
import { AuditLog } from '../../../src/crm/models/audit-log.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { useTestDatabase } from '../../support/test-db.js';

// Dev login is a way in, not an admin tool: fields the caller leaves out must not rewrite the staff record.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp({ modules: [devAuthModule, meModule] });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

test('signing in as an existing manager without a role keeps the stored role, departments and name', async () => {
  await app.login('mgr.dev', 'manager', ['华东销售部']);
  await Staff.updateOne({ userId: 'mgr.dev' }, { $set: { name: '王静' } });
  const auditsBefore = await AuditLog.countDocuments({ entity: 'staff' });

  const res = await app.request('POST', '/api/auth/dev', { body: { userId: 'mgr.dev' } });
  expect(res.status).toBe(200);
  const me = await app.request('GET', '/api/me', { token: res.body.token });
  expect(me.body.staff).toMatchObject({ userId: 'mgr.dev', role: 'manager', departments: ['华东销售部'], name: '王静' });

  const stored = await Staff.findOne({ userId: 'mgr.dev' }).lean();
  expect(stored).toMatchObject({ role: 'manager', departments: ['华东销售部'], name: '王静' });
  expect(await AuditLog.countDocuments({ entity: 'staff' })).toBe(auditsBefore);
});

test('a new staff member signing in without a role starts as sales; naming a role still sets it', async () => {
  const res = await app.request('POST', '/api/auth/dev', { body: { userId: 'newbie.dev' } });
  expect(res.status).toBe(200);
  expect((await Staff.findOne({ userId: 'newbie.dev' }).lean())?.role).toBe('sales');

  await app.request('POST', '/api/auth/dev', { body: { userId: 'newbie.dev', role: 'manager' } });
  expect((await Staff.findOne({ userId: 'newbie.dev' }).lean())?.role).toBe('manager');
});

test('a bad role is a 400 naming the field and changes nothing', async () => {
  const res = await app.request('POST', '/api/auth/dev', { body: { userId: 'mgr.dev', role: 'boss' } });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toContain('role');
  expect((await Staff.findOne({ userId: 'mgr.dev' }).lean())?.role).toBe('manager');
});
