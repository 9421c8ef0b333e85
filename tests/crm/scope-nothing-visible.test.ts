import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Actor } from '../../src/crm/actor.js';
import { findCustomerInScope } from '../../src/crm/customers/find-customer-in-scope.js';
import { Customer } from '../../src/crm/models/customer.js';
import { customerScopeFilter } from '../../src/crm/resolve-data-scope.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('a caller who may see no customer sees none, even where the scope is spread and an _id added', async () => {
  const tenantId = new Types.ObjectId();
  const customer = await Customer.create({ tenantId, name: '张三', code: 'C00001', ownerId: new Types.ObjectId(), stage: 'lead', searchText: '张三' });
  // A salesperson known to nobody (no staff record) in no department: nothing is theirs.
  const stranger: Actor = { tenantId, staffId: null, role: 'sales', departments: [], source: 'api' };
  const scope = await customerScopeFilter(stranger);
  expect(await Customer.countDocuments(scope)).toBe(0);
  expect(await Customer.countDocuments({ ...scope, _id: customer._id })).toBe(0);
  await expect(findCustomerInScope(stranger, customer._id)).rejects.toThrow(/not found/i);
  // The same customer is there for whoever may see it.
  const admin: Actor = { ...stranger, role: 'admin' };
  expect(String((await findCustomerInScope(admin, customer._id))._id)).toBe(String(customer._id));
});
