import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Department } from '../../src/crm/models/department.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let admin: string;

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  admin = await env.app.login('root', 'admin');
  const { sim } = env;
  sim.addDepartment({ id: 1, name: '模拟公司', parentid: 0 });
  sim.addDepartment({ id: 2, name: '销售部', parentid: 1, order: 1 });
  sim.addDepartment({ id: 3, name: '华东组', parentid: 2, order: 1 });
  sim.addDepartment({ id: 4, name: '华南组', parentid: 2, order: 2 });
  sim.addStaff({ userid: 'lisi', name: '李四', department: [2], position: '销售经理' });
  sim.addStaff({ userid: 'zhangsan', name: '张三', department: [3], position: '销售', mobile: '+86 138-0013-8000', direct_leader: ['lisi'] });
  sim.addStaff({ userid: 'wangwu', name: '王五', department: [4, 3], position: '销售' });
  sim.addStaff({ userid: 'zhaoliu', name: '赵六', department: [3], status: 5 }); // exited: not a member
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

const sync = (body: unknown, token = admin) => env.app.request('POST', '/api/admin/directory/sync', { token, body });
const names = async () => (await Staff.find({ userId: { $nin: ['root', 'alice'] } }).sort({ userId: 1 }).lean()).map((s) => [s.userId, s.name, s.departments, s.active]);

test('bad input and non-admins are refused, nothing written', async () => {
  const sales = await env.app.login('alice', 'sales');
  expect((await sync({ platform: 'wecom' }, sales)).status).toBe(403);
  const bad = await sync({ platform: 'feishu' });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/platform/);
  expect((await sync({ platform: 'wecom', dryRun: 'yes' })).status).toBe(400);
  expect(await Department.countDocuments()).toBe(0);
});

test('a dry run answers the diff and writes nothing', async () => {
  const audits = await AuditLog.countDocuments();
  const staffBefore = await Staff.countDocuments();
  const res = await sync({ platform: 'wecom', dryRun: true });
  expect(res.status).toBe(200);
  expect(res.body.dryRun).toBe(true);
  expect(res.body.departments.create.map((d: { name: string; parent: string | null }) => [d.name, d.parent])).toEqual([
    ['模拟公司', null],
    ['销售部', '模拟公司'],
    ['华东组', '销售部'],
    ['华南组', '销售部'],
  ]);
  expect(res.body.staff.create.map((s: { userId: string }) => s.userId).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
  expect(res.body.applied).toMatchObject({ departmentsCreated: 0, staffCreated: 0 });
  expect(await Department.countDocuments()).toBe(0);
  expect(await Staff.countDocuments()).toBe(staffBefore);
  expect(await AuditLog.countDocuments()).toBe(audits);
});

test('the first sync creates the tree and the people; a second one is a no-op (even after the token expired)', async () => {
  const res = await sync({ platform: 'wecom' });
  expect(res.status).toBe(200);
  expect(res.body.applied).toEqual({ departmentsCreated: 4, departmentsUpdated: 0, staffCreated: 3, staffUpdated: 0, staffDeactivated: 0, customersFlagged: 0 });
  expect(await names()).toEqual([
    ['lisi', '李四', ['销售部'], true],
    ['wangwu', '王五', ['华南组', '华东组'], true],
    ['zhangsan', '张三', ['华东组'], true],
  ]);
  const zhangsan = (await Staff.findOne({ userId: 'zhangsan' }).lean())!;
  const lisi = (await Staff.findOne({ userId: 'lisi' }).lean())!;
  expect(zhangsan).toMatchObject({ role: 'sales', position: '销售', mobile: '13800138000', directorySources: ['wecom'] });
  expect(String(zhangsan.managerId)).toBe(String(lisi._id));
  const tree = (await env.app.request('GET', '/api/admin/departments', { token: admin })).body.items;
  expect(tree).toMatchObject([{ name: '模拟公司', children: [{ name: '销售部', members: 1, children: [{ name: '华东组', members: 2 }, { name: '华南组', members: 1 }] }] }]);
  expect(await AuditLog.countDocuments({ action: 'directory.sync' })).toBe(1);

  env.sim.advanceClock(7201_000); // the cached token has expired: 42001, refetched once
  const audits = await AuditLog.countDocuments();
  const tokenCalls = env.sim.callCount('gettoken');
  const again = await sync({ platform: 'wecom' });
  expect(again.status).toBe(200);
  expect(env.sim.callCount('gettoken')).toBe(tokenCalls + 1);
  expect(again.body.departments).toEqual({ create: [], update: [] });
  expect(again.body.staff).toEqual({ create: [], update: [], deactivate: [], inactive: [] });
  expect(Object.values(again.body.applied).every((n) => n === 0)).toBe(true);
  expect(await AuditLog.countDocuments()).toBe(audits);
});

test('a rename and a move update departments and members', async () => {
  env.sim.addDepartment({ id: 3, name: '华东大区', parentid: 1, order: 2 });
  env.sim.addStaff({ userid: 'wangwu', name: '王五', department: [4], position: '高级销售' });
  const preview = await sync({ platform: 'wecom', dryRun: true });
  expect(preview.body.departments.update).toEqual([
    {
      id: expect.any(String),
      name: '华东大区',
      changes: [
        { field: 'name', from: '华东组', to: '华东大区' },
        { field: 'parent', from: '销售部', to: '模拟公司' },
        { field: 'order', from: 1, to: 2 },
      ],
    },
  ]);
  expect(preview.body.staff.update).toEqual([
    { id: expect.any(String), userId: 'wangwu', name: '王五', changes: [{ field: 'departments', from: ['华南组', '华东组'], to: ['华南组'] }, { field: 'position', from: '销售', to: '高级销售' }] },
  ]);
  expect((await Department.findOne({ externalId: 'wecom:3' }).lean())!.name).toBe('华东组');

  const res = await sync({ platform: 'wecom' });
  expect(res.body.applied).toMatchObject({ departmentsUpdated: 1, staffUpdated: 1 });
  const east = (await Department.findOne({ externalId: 'wecom:3' }).lean())!;
  const company = (await Department.findOne({ externalId: 'wecom:1' }).lean())!;
  expect(east.name).toBe('华东大区');
  expect(String(east.parentId)).toBe(String(company._id));
  expect(await names()).toEqual([
    ['lisi', '李四', ['销售部'], true],
    ['wangwu', '王五', ['华南组'], true],
    ['zhangsan', '张三', ['华东大区'], true],
  ]);
});

test('a leaver is deactivated, never deleted, and their customers are flagged for handover', async () => {
  const wangwu = (await Staff.findOne({ userId: 'wangwu' }).lean())!;
  const tenantId = wangwu.tenantId;
  await Customer.create({ tenantId, code: 'C90001', name: '王五的客户', stage: 'lead', ownerId: wangwu._id, searchText: '王五的客户' });
  env.sim.removeStaff('wangwu');

  const preview = await sync({ platform: 'wecom', dryRun: true });
  expect(preview.body.staff.deactivate).toEqual([{ id: String(wangwu._id), userId: 'wangwu', name: '王五' }]);
  expect((await Staff.findById(wangwu._id).lean())!.active).toBe(true);

  const res = await sync({ platform: 'wecom' });
  expect(res.body.applied).toMatchObject({ staffDeactivated: 1, customersFlagged: 1 });
  const after = (await Staff.findById(wangwu._id).lean())!;
  expect(after.active).toBe(false);
  expect((await Customer.findOne({ code: 'C90001' }).lean())!.needsTransfer).toBe(true);
  // root (never synced from WeCom) is not a leaver of the directory.
  expect((await Staff.findOne({ userId: 'root' }).lean())!.active).toBe(true);

  const again = await sync({ platform: 'wecom' });
  expect(again.body.staff.deactivate).toEqual([]);
  expect(again.body.applied.staffDeactivated).toBe(0);
});

test('someone back in the directory but deactivated here is reported, not silently reactivated', async () => {
  env.sim.addStaff({ userid: 'wangwu', name: '王五', department: [4], position: '高级销售' });
  const res = await sync({ platform: 'wecom', dryRun: true });
  expect(res.body.staff.inactive).toEqual([{ id: expect.any(String), userId: 'wangwu', name: '王五' }]);
});

test('change_contact callbacks apply one member at a time: create_user, update_user, delete_user', async () => {
  const event = (changeType: string, userId: string, time: number) =>
    `<xml><ToUserName><![CDATA[${env.sim.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${time}</CreateTime>` +
    `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[${changeType}]]></ChangeType>` +
    `<UserID><![CDATA[${userId}]]></UserID></xml>`;
  env.sim.addStaff({ userid: 'sunqi', name: '孙七', department: [4], position: '实习生', direct_leader: ['lisi'] });
  expect((await env.post(event('create_user', 'sunqi', 1_700_000_001))).status).toBe(200);
  await env.drain();
  const sunqi = (await Staff.findOne({ userId: 'sunqi' }).lean())!;
  const lisi = (await Staff.findOne({ userId: 'lisi' }).lean())!;
  expect(sunqi).toMatchObject({ name: '孙七', departments: ['华南组'], position: '实习生', role: 'sales', active: true, directorySources: ['wecom'] });
  expect(String(sunqi.managerId)).toBe(String(lisi._id));
  // Only the named person changes: nobody else is taken for a leaver.
  expect(await Staff.countDocuments({ userId: { $in: ['lisi', 'zhangsan'] }, active: true })).toBe(2);

  env.sim.addStaff({ userid: 'sunqi', name: '孙七', department: [3], position: '销售' });
  await env.post(event('update_user', 'sunqi', 1_700_000_002));
  await env.drain();
  expect((await Staff.findOne({ userId: 'sunqi' }).lean())).toMatchObject({ departments: ['华东大区'], position: '销售', managerId: null });

  env.sim.removeStaff('sunqi');
  await env.post(event('delete_user', 'sunqi', 1_700_000_003));
  await env.drain();
  expect((await Staff.findOne({ userId: 'sunqi' }).lean())!.active).toBe(false);
});

test('the nightly job syncs once per local date after 03:23 (Asia/Shanghai), behind the scheduler', async () => {
  const job = env.app.service.deps.jobs.list().find((j) => j.name === 'nightly-directory-sync')!;
  const tick = (iso: string) => job.run({ now: new Date(iso), instanceId: 'test', stillLeader: async () => true });
  env.sim.addStaff({ userid: 'zhouba', name: '周八', department: [2] });
  expect(await tick('2026-03-01T19:00:00Z')).toEqual({ status: 'not_due' }); // 03:00 local
  expect(await tick('2026-03-01T19:30:00Z')).toMatchObject({ status: 'ran', wecom: { staffCreated: 1 } });
  expect((await Staff.findOne({ userId: 'zhouba' }).lean())!.departments).toEqual(['销售部']);
  expect(await tick('2026-03-01T20:30:00Z')).toEqual({ status: 'ran', wecom: 'already_ran' });
});

test('an empty visible range is refused instead of deactivating everyone', async () => {
  for (const id of ['lisi', 'zhangsan', 'wangwu', 'zhaoliu', 'zhouba']) env.sim.removeStaff(id);
  const res = await sync({ platform: 'wecom' });
  expect(res.status).toBe(409);
  expect(await Staff.countDocuments({ active: true, userId: { $in: ['lisi', 'zhangsan'] } })).toBe(2);
});
