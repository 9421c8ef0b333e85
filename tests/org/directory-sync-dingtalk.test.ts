import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Department } from '../../src/crm/models/department.js';
import { Staff } from '../../src/crm/models/staff.js';
import { dingtalkAppEnv } from '../support/simulators/dingtalk/dingtalk-app-env.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';
import { dingtalkVectors } from '../support/vectors/dingtalk-vectors.js';

const [official] = dingtalkVectors.eventCrypto;
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let app: TestApp;
let admin: string;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator({ appKey: official!.ownerKey });
  app = await startTestApp({ env: dingtalkAppEnv(sim, { token: official!.token, aesKey: official!.aesKey }) });
  admin = await app.login('root', 'admin');
  sim.addDepartment({ dept_id: 1, name: '钉钉公司', parent_id: 0 });
  sim.addDepartment({ dept_id: 20, name: '市场部', parent_id: 1 });
  sim.addDepartment({ dept_id: 21, name: '渠道组', parent_id: 20 });
  sim.addUser({ userid: 'dt-boss', name: '老板', deptIds: [1], title: '总经理' });
  // 130 people in one department: user/list answers 100 a page.
  for (let i = 0; i < 130; i++) sim.addUser({ userid: `dt-${String(i).padStart(3, '0')}`, name: `渠道${i}`, deptIds: i === 0 ? [21, 20] : [21], mobile: `1390000${String(i).padStart(4, '0')}` });
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await db.drop();
});

const sync = (body: unknown) => app.request('POST', '/api/admin/directory/sync', { token: admin, body });

test('DingTalk: dry run, first sync over every page, a no-op second sync, a move and a leaver', async () => {
  // An existing record with the same mobile and no DingTalk link is linked, not duplicated.
  const tenantId = (await Staff.findOne({ userId: 'root' }).lean())!.tenantId;
  await Staff.create({ tenantId, userId: 'wx-qudao5', name: '渠道五', mobile: '13900000005', role: 'manager' });

  const preview = await sync({ platform: 'dingtalk', dryRun: true });
  expect(preview.status).toBe(200);
  expect(preview.body.departments.create.map((d: { name: string }) => d.name)).toEqual(['钉钉公司', '市场部', '渠道组']);
  expect(preview.body.staff.create).toHaveLength(130); // 131 people, one of them linked by mobile
  expect(preview.body.staff.update).toEqual([
    { id: expect.any(String), userId: 'wx-qudao5', name: '渠道5', changes: [{ field: 'name', from: '渠道五', to: '渠道5' }, { field: 'link', from: null, to: 'dt-005' }] },
  ]);
  expect(await Department.countDocuments()).toBe(0);
  expect(await Staff.countDocuments()).toBe(2);

  sim.expireTokens();
  const first = await sync({ platform: 'dingtalk' });
  expect(first.body.applied).toMatchObject({ departmentsCreated: 3, staffCreated: 130, staffUpdated: 1 });
  expect(await Staff.countDocuments({ directorySources: 'dingtalk', active: true })).toBe(131);
  expect((await Staff.findOne({ userId: 'dt-000' }).lean())!.departments.sort()).toEqual(['市场部', '渠道组']);
  const linked = (await Staff.findOne({ userId: 'wx-qudao5' }).lean())!;
  expect(linked).toMatchObject({ dingtalkUserId: 'dt-005', role: 'manager' });
  // The record belongs to WeCom first: DingTalk does not rewrite its departments.
  expect(linked.departments).toEqual([]);
  expect((await Staff.findOne({ userId: 'dt-boss' }).lean())).toMatchObject({ position: '总经理', departments: ['钉钉公司'] });

  const again = await sync({ platform: 'dingtalk' });
  expect(Object.values(again.body.applied).every((n) => n === 0)).toBe(true);
  expect(again.body.staff.update).toEqual([]);

  sim.addDepartment({ dept_id: 21, name: '渠道一组', parent_id: 1 });
  sim.removeUser('dt-007');
  const dt7 = (await Staff.findOne({ userId: 'dt-007' }).lean())!;
  await Customer.create({ tenantId, code: 'C80007', name: '七号客户', stage: 'lead', ownerId: dt7._id, searchText: '七号客户' });
  const moved = await sync({ platform: 'dingtalk' });
  expect(moved.body.departments.update).toEqual([
    { id: expect.any(String), name: '渠道一组', changes: [{ field: 'name', from: '渠道组', to: '渠道一组' }, { field: 'parent', from: '市场部', to: '钉钉公司' }, { field: 'order', from: 0, to: 1 }] },
  ]);
  expect(moved.body.applied).toMatchObject({ departmentsUpdated: 1, staffUpdated: 0, staffDeactivated: 1, customersFlagged: 1 });
  expect(await Staff.countDocuments({ departments: '渠道一组', active: true })).toBe(128);
  expect((await Staff.findById(dt7._id).lean())!.active).toBe(false);
  expect((await Customer.findOne({ code: 'C80007' }).lean())!.needsTransfer).toBe(true);
});

test('WeCom is not configured here: the sync says so and writes nothing', async () => {
  const before = await Staff.countDocuments();
  const res = await sync({ platform: 'wecom' });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(await Staff.countDocuments()).toBe(before);
});
