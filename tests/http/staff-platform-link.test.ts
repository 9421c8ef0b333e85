import { afterAll, beforeAll, expect, test } from 'vitest';
import { findStaffByPlatformUser } from '../../src/crm/staff/find-staff-by-platform-user.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let sales: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  sales = await app.login('bob', 'sales', ['east']);
  await app.login('carl', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const link = (token: string, userId: string, body: unknown) => app.request('PUT', `/api/admin/staff/${userId}/platform-link`, { token, body });

test('an admin links a Slack and a Feishu user to a staff member; the platforms then resolve them to that person', async () => {
  const tenantId = app.service.deps.defaultTenantId;
  expect(await findStaffByPlatformUser(tenantId, 'slack', 'U0BOB')).toBeNull();
  const slack = await link(admin, 'bob', { platform: 'slack', platformUserId: 'U0BOB' });
  expect(slack.status).toBe(200);
  expect(slack.body).toMatchObject({ userId: 'bob', slackUserId: 'U0BOB' });
  expect((await link(admin, 'bob', { platform: 'feishu', platformUserId: 'ou_bob' })).status).toBe(200);
  expect((await findStaffByPlatformUser(tenantId, 'slack', 'U0BOB'))?.userId).toBe('bob');
  expect((await findStaffByPlatformUser(tenantId, 'feishu', 'ou_bob'))?.userId).toBe('bob');

  // Null unlinks.
  expect((await link(admin, 'bob', { platform: 'feishu', platformUserId: null })).body.feishuOpenId).toBeNull();
  expect(await findStaffByPlatformUser(tenantId, 'feishu', 'ou_bob')).toBeNull();
});

test('one platform user is never two people; bad input and non-admins change nothing', async () => {
  const before = await Staff.find({}, { userId: 1, slackUserId: 1, feishuOpenId: 1, dingtalkUserId: 1 }).sort({ userId: 1 }).lean();
  const taken = await link(admin, 'carl', { platform: 'slack', platformUserId: 'U0BOB' });
  expect(taken.status).toBe(409);
  expect(taken.body.error.message).toContain('linked to bob (bob)');
  expect((await link(sales, 'bob', { platform: 'slack', platformUserId: 'U0NEW' })).status).toBe(403);
  expect((await link(admin, 'nobody', { platform: 'slack', platformUserId: 'U0NEW' })).status).toBe(404);
  expect((await link(admin, 'carl', { platform: 'wecom', platformUserId: 'x' })).status).toBe(400);
  expect((await link(admin, 'carl', { platform: 'slack', platformUserId: { $ne: 1 } })).status).toBe(400);
  expect((await link(admin, 'carl', { platform: 'slack' })).status).toBe(400);
  expect(await Staff.find({}, { userId: 1, slackUserId: 1, feishuOpenId: 1, dingtalkUserId: 1 }).sort({ userId: 1 }).lean()).toEqual(before);
});
