import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Customer } from '../../src/crm/models/customer.js';
import { defineCustomFields } from '../support/define-custom-fields.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
  // Customer writes are checked against the tenant's definitions; these are the fields the tests use.
  const admin = await app.login('root', 'admin');
  await defineCustomFields(app, admin, { hasOwnProperty: 'text' as const, ok: 'number', 行业细分: 'text', size: 'number', vip: 'boolean', toString: 'text' as const, a: 'number', b: 'number' });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const create = (body: Record<string, unknown>) => app.request('POST', '/api/customers', { token: alice, body });
const patch = (id: string, body: Record<string, unknown>) => app.request('PATCH', `/api/customers/${id}`, { token: alice, body });

describe('custom field names', () => {
  test.each(['prototype', 'constructor', '__proto__', '$where', 'a.b', 'hasOwnProperty'])(
    '%s is refused with a 400 naming the field, on create and on update; nothing is written',
    async (field) => {
      const customers = await Customer.countDocuments();
      const audits = await AuditLog.countDocuments();
      // Built with defineProperty so `__proto__` is an own key of the JSON body, as an attacker would send it.
      const customFields = Object.defineProperty({}, field, { value: 'x', enumerable: true });
      const created = await create({ name: `保留字${field}`, customFields });
      if (field === 'hasOwnProperty') {
        // Not reserved: an ordinary name that merely shadows an Object.prototype method must be kept.
        expect(created.status).toBe(201);
        expect(created.body.customFields).toEqual({ hasOwnProperty: 'x' });
        return;
      }
      expect(created.status).toBe(400);
      expect(created.body.error.code).toBe('invalid');
      expect(created.body.error.message).toContain(field);
      expect(await Customer.countDocuments()).toBe(customers);
      expect(await AuditLog.countDocuments()).toBe(audits);

      const { body: c } = await create({ name: `更新${field}`, customFields: { ok: 1 } });
      const updated = await patch(c.id, { customFields });
      expect(updated.status).toBe(400);
      expect(updated.body.error.message).toContain(field);
      expect((await Customer.findById(c.id).lean())?.customFields).toEqual({ ok: 1 });
    },
  );

  test('custom fields survive later unrelated PATCHes and a merge that touches other keys', async () => {
    const { body: c } = await create({ name: '自定义字段', customFields: { 行业细分: '医疗', size: 50, vip: true, toString: 'kept' } });
    expect((await patch(c.id, { level: 'A' })).status).toBe(200);
    const merged = await patch(c.id, { customFields: { size: 80, vip: null } });
    expect(merged.status).toBe(200);
    expect(merged.body.customFields).toEqual({ 行业细分: '医疗', size: 80, toString: 'kept' });
    expect((await patch(c.id, { name: '自定义字段2' })).body.customFields).toEqual({ 行业细分: '医疗', size: 80, toString: 'kept' });
    expect((await Customer.findById(c.id).lean())?.customFields).toEqual({ 行业细分: '医疗', size: 80, toString: 'kept' });
  });

  test('a field stored under a now-reserved name (older data) is not dropped by a merge of other fields', async () => {
    const { body: c } = await create({ name: '旧数据', customFields: { a: 1 } });
    const raw = mongoose.connection.db!.collection('customers');
    await raw.updateOne({ _id: new mongoose.Types.ObjectId(c.id) }, { $set: { 'customFields.prototype': 'p', 'customFields.constructor': 'k' } });
    expect((await patch(c.id, { level: 'B' })).status).toBe(200);
    const merged = await patch(c.id, { customFields: { b: 2 } });
    expect(merged.status).toBe(200);
    expect((await raw.findOne({ _id: new mongoose.Types.ObjectId(c.id) }))?.customFields).toEqual({ a: 1, b: 2, prototype: 'p', constructor: 'k' });
  });
});
