import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { insertCustomerWithCode } from '../../src/crm/customers/insert-customer-with-code.js';
import { Counter } from '../../src/crm/models/counter.js';
import { Customer } from '../../src/crm/models/customer.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

const base = (tenantId: Types.ObjectId, name: string) => ({ tenantId, name, stage: 'lead', ownerId: new Types.ObjectId() });

test('a code already taken (a counter that fell behind) is skipped, not reused', async () => {
  const tenantId = new Types.ObjectId();
  await Customer.create({ ...base(tenantId, '先占号'), code: 'C00001', searchText: 'x' });
  await Customer.create({ ...base(tenantId, '再占号'), code: 'C00002', searchText: 'x' });
  const customer = await insertCustomerWithCode(base(tenantId, '新客户'));
  expect(customer.code).toBe('C00003');
  expect(customer.searchText).toBe('新客户  c00003');
  expect((await Counter.findById(`${tenantId}:customer`).lean())?.seq).toBe(3);
});

test('200 concurrent inserts in one tenant get 200 distinct codes', async () => {
  const tenantId = new Types.ObjectId();
  const created = await Promise.all(Array.from({ length: 200 }, (_, i) => insertCustomerWithCode(base(tenantId, `并发${i}`))));
  expect(new Set(created.map((c) => c.code)).size).toBe(200);
  expect(await Customer.countDocuments({ tenantId })).toBe(200);
});

test('a duplicate _id is not mistaken for a taken code', async () => {
  const tenantId = new Types.ObjectId();
  const _id = new Types.ObjectId();
  await insertCustomerWithCode({ ...base(tenantId, '甲'), _id });
  await expect(insertCustomerWithCode({ ...base(tenantId, '乙'), _id })).rejects.toMatchObject({ code: 11000 });
  expect(await Customer.countDocuments({ tenantId })).toBe(1);
});
