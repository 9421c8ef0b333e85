import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Customer } from '../../src/crm/models/customer.js';
import { Ticket } from '../../src/crm/models/ticket.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
let alice: string;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  alice = await app.login('alice', 'sales', ['east']);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('the open_ticket automation action opens one ticket per rule × occurrence, assigned to the owner', async () => {
  const action = app.service.deps.automationActions.find('open_ticket');
  expect(action).toBeDefined();
  const created = await app.request('POST', '/api/customers', { token: alice, body: { name: '自动化客户' } });
  const customer = (await Customer.findById(created.body.id).lean())!;
  const context = {
    tenantId: customer.tenantId,
    rule: { id: new Types.ObjectId().toHexString(), name: '签约后开实施工单' },
    customer: { _id: customer._id, name: customer.name, code: customer.code, stage: customer.stage, tags: customer.tags, ownerId: customer.ownerId },
    now: new Date(),
    key: `rule-run:${new Types.ObjectId().toHexString()}:0`,
    remember: <T extends string>(choose: () => Promise<T>) => choose(),
  };
  const params = action!.params.parse({ title: '实施上线', priority: 'high' });
  expect(action!.describe(params)).toBe('为客户开工单「实施上线」（分配给负责人）');
  // Redelivered and run at once on two instances: still one ticket.
  const results = await Promise.all([action!.run(params, context), action!.run(params, context)]);
  results.push(await action!.run(params, context));
  const tickets = await Ticket.find({ customerId: customer._id }).lean();
  expect(tickets).toHaveLength(1);
  // The run that lost the race may have spent a number (as a database sequence does): the one
  // ticket is T-0001 or T-0002, and every run reports that one.
  expect(tickets[0]!.number).toMatch(/^T-000[12]$/);
  expect(results).toEqual(Array(3).fill(`已开工单 ${tickets[0]!.number}：实施上线`));
  expect(tickets[0]).toMatchObject({ priority: 'high', status: 'new' });
  expect(String(tickets[0]!.assigneeId)).toBe(String(customer.ownerId));
  // Bad params are refused by the schema the rule editor validates with.
  expect(action!.params.safeParse({ title: '', priority: 'asap' }).success).toBe(false);
});
