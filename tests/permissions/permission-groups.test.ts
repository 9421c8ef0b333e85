import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandRegistry } from '../../bot-commands/index.js';
import { renderHelpIndex } from '../../bot-commands/framework/render-help.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { PermissionGroup } from '../../src/crm/models/permission-group.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let sales: string;
const idOf = async (token: string) => (await app.request('GET', '/api/me', { token })).body.staff.id as string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('pg-admin', 'admin');
  sales = await app.login('pg-sales', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const unchanged = async () => ({ groups: await PermissionGroup.countDocuments(), audits: await AuditLog.countDocuments() });

describe('permission groups (用户组)', () => {
  test('the built-in groups come first and reproduce the roles', async () => {
    const res = await app.request('GET', '/api/admin/permission-groups', { token: admin });
    expect(res.status).toBe(200);
    const [s, m, a] = res.body.items;
    expect([s.id, m.id, a.id, s.builtIn, a.builtIn]).toEqual(['sales', 'manager', 'admin', true, true]);
    expect([s.dataScope, m.dataScope, a.dataScope]).toEqual(['own_collaborating', 'department', 'tenant']);
    expect(s.grants.find((g: { module: string }) => g.module === 'dashboard')).toBeUndefined();
    expect(m.grants.find((g: { module: string }) => g.module === 'dashboard').actions).toEqual(['view']);
    expect((await app.request('GET', '/api/admin/permission-groups', { token: sales })).status).toBe(403);
  });

  test.each([
    [{ name: 'x', grants: [{ module: 'customers', actions: ['view', 'approvee'] }], dataScope: 'own' }, 'grants.0.actions.1', 'approvee'],
    [{ name: 'x', grants: [{ module: 'spaceships', actions: ['view'] }], dataScope: 'own' }, 'grants.0.module', 'spaceships'],
    [{ name: 'x', grants: [], dataScope: 'galaxy' }, 'dataScope', 'dataScope'],
    [{ name: 'x', grants: [{ module: 'deals', actions: ['view'] }, { module: 'deals', actions: ['edit'] }], dataScope: 'own' }, 'grants.1.module', 'twice'],
  ])('bad input is a 400 naming the field (%#), nothing written', async (body, path, said) => {
    const before = await unchanged();
    const res = await app.request('POST', '/api/admin/permission-groups', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(said);
    expect(JSON.stringify(res.body.error.details)).toContain(path);
    expect(await unchanged()).toEqual(before);
  });

  test('create, update and delete are audited with before/after; built-ins and groups in use cannot go', async () => {
    const created = await app.request('POST', '/api/admin/permission-groups', {
      token: admin,
      body: { name: '客服', grants: [{ module: 'tickets', actions: ['view', 'edit'] }], dataScope: 'department' },
    });
    expect(created.status).toBe(201);
    expect(await AuditLog.findOne({ action: 'permission_group.create', entityId: created.body.id }).lean()).toMatchObject({ before: null, after: { name: '客服' } });
    expect((await app.request('POST', '/api/admin/permission-groups', { token: admin, body: { name: '客服', grants: [], dataScope: 'own' } })).status).toBe(409);
    expect((await app.request('POST', '/api/admin/permission-groups', { token: sales, body: { name: 'mine', grants: [], dataScope: 'tenant' } })).status).toBe(403);

    const patched = await app.request('PATCH', `/api/admin/permission-groups/${created.body.id}`, { token: admin, body: { dataScope: 'tenant' } });
    expect(patched.status).toBe(200);
    expect(await AuditLog.findOne({ action: 'permission_group.update', entityId: created.body.id }).lean()).toMatchObject({
      before: { dataScope: 'department' },
      after: { dataScope: 'tenant' },
    });

    for (const builtIn of ['sales', 'admin']) {
      expect((await app.request('DELETE', `/api/admin/permission-groups/${builtIn}`, { token: admin })).status).toBe(409);
      expect((await app.request('PATCH', `/api/admin/permission-groups/${builtIn}`, { token: admin, body: { dataScope: 'own' } })).status).toBe(409);
    }

    const member = await app.login('pg-member', 'sales');
    const memberId = await idOf(member);
    expect((await app.request('PUT', `/api/admin/staff/${memberId}/groups`, { token: admin, body: { groupIds: ['sales', created.body.id] } })).status).toBe(200);
    const inUse = await app.request('DELETE', `/api/admin/permission-groups/${created.body.id}`, { token: admin });
    expect(inUse.status).toBe(409);
    expect(await PermissionGroup.countDocuments({ _id: created.body.id })).toBe(1);

    expect((await app.request('PUT', `/api/admin/staff/${memberId}/groups`, { token: admin, body: { groupIds: ['sales'] } })).status).toBe(200);
    expect((await app.request('DELETE', `/api/admin/permission-groups/${created.body.id}`, { token: admin })).status).toBe(204);
    expect(await AuditLog.findOne({ action: 'permission_group.delete', entityId: created.body.id }).lean()).toMatchObject({ after: null, before: { name: '客服' } });
  });

  test('PUT staff groups: unknown groups are a 400 naming them; the last admin stays an admin; changes are audited', async () => {
    const member = await app.login('pg-member2', 'sales');
    const memberId = await idOf(member);
    const before = await unchanged();
    const unknown = await app.request('PUT', `/api/admin/staff/${memberId}/groups`, { token: admin, body: { groupIds: ['sales', '0000000000000000000000aa'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('0000000000000000000000aa');
    expect(JSON.stringify(unknown.body.error.details)).toContain('groupIds.1');
    expect(await unchanged()).toEqual(before);
    expect((await Staff.findById(memberId).lean())!.groupIds ?? []).toEqual([]);

    const adminId = await idOf(admin);
    const last = await app.request('PUT', `/api/admin/staff/${adminId}/groups`, { token: admin, body: { groupIds: ['sales'] } });
    expect(last.status).toBe(409);
    expect((await Staff.findById(adminId).lean())!.role).toBe('admin');

    const promoted = await app.request('PUT', `/api/admin/staff/${memberId}/groups`, { token: admin, body: { groupIds: ['manager'] } });
    expect(promoted.body).toMatchObject({ groupIds: ['manager'], role: 'manager' });
    expect(await AuditLog.findOne({ action: 'staff.groups', entityId: memberId }).lean()).toMatchObject({
      before: { groupIds: ['sales'], role: 'sales' },
      after: { groupIds: ['manager'], role: 'manager' },
    });
    // The change applies at once: the token stays, the permission follows the groups.
    expect((await app.request('GET', '/api/me', { token: member })).body.permissions).toMatchObject({ dataScope: 'department', grants: { dashboard: ['view'] } });
    expect((await app.request('GET', '/api/dashboard', { token: member })).status).toBe(200);
  });
});

describe('effective permission: the union of the groups, the widest data scope', () => {
  test('own vs own + collaborating; department_tree reaches the departments below', async () => {
    const dept = async (name: string, parentId?: string) => (await app.request('POST', '/api/admin/departments', { token: admin, body: { name, ...(parentId ? { parentId } : {}) } })).body.id as string;
    const north = await dept('north');
    await dept('north-sub', north);
    const lead = await app.login('pg-lead', 'sales', ['north']);
    const rep = await app.login('pg-rep', 'sales', ['north-sub']);
    const [leadId, repId] = [await idOf(lead), await idOf(rep)];
    const repsCustomer = (await app.request('POST', '/api/customers', { token: rep, body: { name: '下级客户', collaboratorIds: [leadId] } })).body;
    const repsOwn = (await app.request('POST', '/api/customers', { token: rep, body: { name: '下级独有客户' } })).body;
    const codes = async (token: string) => ((await app.request('GET', '/api/customers', { token })).body.items as { id: string }[]).map((c) => c.id);

    expect(await codes(lead)).toContain(repsCustomer.id); // built-in sales: collaborating counts
    expect(await codes(lead)).not.toContain(repsOwn.id);

    const group = async (name: string, dataScope: string, grants = [{ module: 'customers', actions: ['view'] }]) =>
      (await app.request('POST', '/api/admin/permission-groups', { token: admin, body: { name, grants, dataScope } })).body.id as string;
    const own = await group('只看自己', 'own');
    const tree = await group('部门及下级', 'department_tree');
    const dept_ = await group('本部门', 'department');
    const setGroups = async (groupIds: string[]) => expect((await app.request('PUT', `/api/admin/staff/${leadId}/groups`, { token: admin, body: { groupIds } })).status).toBe(200);

    await setGroups([own]);
    expect(await codes(lead)).not.toContain(repsCustomer.id);
    expect((await app.request('POST', '/api/customers', { token: lead, body: { name: '不能建' } })).status).toBe(403);
    await setGroups([dept_]);
    expect(await codes(lead)).toContain(repsCustomer.id); // department scope includes collaborating
    expect(await codes(lead)).not.toContain(repsOwn.id); // rep is in north-sub, not north
    await setGroups([own, tree]);
    expect(await codes(lead)).toContain(repsOwn.id);
    await setGroups([own, 'sales']);
    expect((await app.request('POST', '/api/customers', { token: lead, body: { name: '能建' } })).status).toBe(201);
    expect(repId).toBeTruthy();
  });

  test('/help lists only the commands the person’s groups permit', () => {
    const text = (who: Parameters<typeof renderHelpIndex>[1]) => JSON.stringify(renderHelpIndex(commandRegistry, who));
    expect(text('sales')).not.toContain('/分配');
    expect(text({ role: 'sales', access: { grants: { customers: ['admin'] }, dataScope: 'own' } })).toContain('/分配');
    expect(text({ role: 'manager', access: { grants: {}, dataScope: 'own' } })).not.toContain('/交接');
    expect(text('manager')).toContain('/交接');
  });
});
