import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { CrmError } from '../../src/errors.js';
import { defineCustomFields } from '../support/define-custom-fields.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let admin: string;
let rep: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  admin = await app.login('root', 'admin');
  rep = await app.login('rita', 'sales', ['east']);
  await defineCustomFields(app, admin, {
    budget: 'number', note: 'text', visit_day: 'date', backup_phone: 'phone', vip: 'boolean',
    region: { type: 'single', options: ['north', 'south'] },
  });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const create = (body: Record<string, unknown>) => app.request('POST', '/api/customers', { token: rep, body });
const patch = (id: string, body: Record<string, unknown>) => app.request('PATCH', `/api/customers/${id}`, { token: rep, body });

describe('customer custom fields follow their definitions', () => {
  test('valid values of every type are stored (phones as digits, multi as a set)', async () => {
    const res = await create({
      name: '定义齐全',
      customFields: { budget: 12.5, note: '备注', visit_day: '2026-03-01', backup_phone: '+86 138-0013-8000', vip: true, region: 'north', gender: 'female', product_needs: ['software', 'service', 'software'] },
    });
    expect(res.status).toBe(201);
    expect(res.body.customFields).toEqual({
      budget: 12.5, note: '备注', visit_day: '2026-03-01', backup_phone: '13800138000', vip: true, region: 'north', gender: 'female', product_needs: ['software', 'service'],
    });
  });

  test.each([
    ['unknown key', { nope: 'x' }, 'customFields.nope'],
    ['number as text', { budget: '12' }, 'customFields.budget'],
    ['text as number', { note: 5 }, 'customFields.note'],
    ['bad date', { visit_day: '2026-02-30' }, 'customFields.visit_day'],
    ['date with time', { visit_day: '2026-02-03T10:00:00Z' }, 'customFields.visit_day'],
    ['bad phone', { backup_phone: 'call me' }, 'customFields.backup_phone'],
    ['boolean as string', { vip: 'true' }, 'customFields.vip'],
    ['option not in list', { region: 'west' }, 'customFields.region'],
    ['option label instead of value', { gender: '男' }, 'customFields.gender'],
    ['single given a list', { region: ['north'] }, 'customFields.region'],
    ['multi given one value', { product_needs: 'software' }, 'customFields.product_needs'],
    ['multi with an unknown option', { product_needs: ['software', 'drones'] }, 'customFields.product_needs'],
    ['operator object', { note: { $gt: '' } }, 'customFields.note'],
  ])('%s → 400 naming the field on create and on patch; nothing written', async (_label, customFields, field) => {
    const customers = await Customer.countDocuments();
    const audits = await AuditLog.countDocuments();
    const created = await create({ name: '坏字段', customFields });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain(field);
    expect(await Customer.countDocuments()).toBe(customers);
    expect(await AuditLog.countDocuments()).toBe(audits);

    const { body: c } = await create({ name: '好字段', customFields: { budget: 1 } });
    const patched = await patch(c.id, { name: '改了名', customFields });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toContain(field);
    const stored = await Customer.findById(c.id).lean();
    expect(stored).toMatchObject({ name: '好字段', customFields: { budget: 1 } });
  });

  test('a required field must be given on create and cannot be cleared; patches need not repeat it', async () => {
    await defineCustomFields(app, admin, { contract_no: { type: 'text', required: true } });
    try {
      const missing = await create({ name: '缺必填' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('customFields.contract_no');
      expect(await Customer.countDocuments({ name: '缺必填' })).toBe(0);
      expect((await create({ name: '空必填', customFields: { contract_no: '' } })).status).toBe(400);

      const ok = await create({ name: '有必填', customFields: { contract_no: 'HT-1' } });
      expect(ok.status).toBe(201);
      expect((await patch(ok.body.id, { customFields: { budget: 3 } })).status).toBe(200);
      const cleared = await patch(ok.body.id, { customFields: { contract_no: null } });
      expect(cleared.status).toBe(400);
      expect(cleared.body.error.message).toContain('customFields.contract_no');
      expect((await Customer.findById(ok.body.id).lean())?.customFields).toEqual({ contract_no: 'HT-1', budget: 3 });
    } finally {
      await app.request('DELETE', '/api/admin/custom-fields/contract_no', { token: admin });
    }
    expect((await create({ name: '归档后不必填' })).status).toBe(201);
  });

  test('the commands’ path (the domain service) refuses the same way', async () => {
    const staff = await Staff.findOne({ userId: 'rita' }).lean();
    const actor = { tenantId: staff!.tenantId, staffId: staff!._id, role: 'sales' as const, departments: ['east'], source: 'command' as const };
    const error = await createCustomer(actor, { name: '命令建', customFields: { region: 'mars' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).kind).toBe('invalid');
    expect((error as CrmError).message).toContain('customFields.region');
    expect(await Customer.countDocuments({ name: '命令建' })).toBe(0);
  });

  test('an archived option stays on the records that hold it (relabelled, still readable) but is not offered for new ones', async () => {
    const { body: c } = await create({ name: '旧选项', customFields: { region: 'south' } });
    const relabel = await app.request('PATCH', '/api/admin/custom-fields/region', {
      token: admin,
      body: { options: [{ value: 'north', label: { zh: '北方', en: 'North' } }] },
    });
    expect(relabel.status).toBe(200);
    // Resaving the form with the value it already has is fine; choosing it anew is not.
    expect((await patch(c.id, { customFields: { region: 'south', note: 'x' } })).status).toBe(200);
    expect((await create({ name: '新选旧项', customFields: { region: 'south' } })).status).toBe(400);
    const read = await app.request('GET', `/api/customers/${c.id}`, { token: rep });
    expect(read.body.customFields.region).toBe('south');
    const defs = (await app.request('GET', '/api/custom-fields', { token: rep })).body.items;
    expect(defs.find((d: { key: string }) => d.key === 'region').options).toContainEqual({ value: 'south', label: { zh: 'south', en: 'south' }, archived: true });
  });

  test('an archived field refuses new values; null still removes an old one', async () => {
    const { body: c } = await create({ name: '归档字段', customFields: { vip: true } });
    await app.request('DELETE', '/api/admin/custom-fields/vip', { token: admin });
    const set = await patch(c.id, { customFields: { vip: false } });
    expect(set.status).toBe(400);
    expect(set.body.error.message).toContain('customFields.vip');
    expect((await patch(c.id, { customFields: { vip: null } })).status).toBe(200);
    expect((await Customer.findById(c.id).lean())?.customFields).toEqual({});
  });
});
