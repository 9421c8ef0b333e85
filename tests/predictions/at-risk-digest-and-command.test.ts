import { Types } from 'mongoose';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { buildDigest, findRecipient, loadDigestTenant } from '../../src/crm/digests/build-digest.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import type { DailyDigest } from '../../src/crm/digests/digest-types.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { scoreCustomers } from '../../src/crm/predictions/score-subjects.js';
import { commandReplyLatency } from '../../src/features/commands/command-reply-latency.js';
import { createCommandSenders } from '../../src/features/commands/command-senders.js';
import { createCommandEventHandler, replyDedupeKey } from '../../src/features/commands/handle-command-event.js';
import { createLogger } from '../../src/logger.js';
import type { StoredInboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';

const NOW = new Date('2026-11-20T04:00:00Z');
const DAY = 86_400_000;
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let sales: Types.ObjectId;
let manager: Types.ObjectId;
const rfm = (segment: string) => ({ r: 1, f: 1, m: 5, segment, recencyDays: 0, frequency: 0, monetary: 1, at: NOW });

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: 'risk-co', name: 'Risk', timezone: 'Asia/Shanghai' }))._id;
  sales = (await Staff.create({ tenantId, userId: 'li', name: '李销售', role: 'sales', departments: ['east'] }))._id;
  manager = (await Staff.create({ tenantId, userId: 'zhou', name: '周经理', role: 'manager', departments: ['east'] }))._id;
  const actor = { tenantId, staffId: sales, role: 'sales' as const, departments: ['east'], source: 'import' as const };
  const silent = await createCustomer(actor, { name: '沉默大客户' });
  const lively = await createCustomer(actor, { name: '活跃大客户' });
  const small = await createCustomer(actor, { name: '沉默小客户' });
  // Silent for 200 days (created then, never contacted); the lively one was contacted today.
  await Customer.collection.updateMany({ _id: { $in: [silent._id, small._id] } }, { $set: { createdAt: new Date(NOW.getTime() - 200 * DAY) } });
  await Customer.collection.updateOne({ _id: lively._id }, { $set: { createdAt: new Date(NOW.getTime() - 200 * DAY) } });
  await Customer.updateOne({ _id: silent._id }, { $set: { rfm: rfm('重要挽留') } });
  await Customer.updateOne({ _id: lively._id }, { $set: { rfm: rfm('重要价值') } });
  await Customer.updateOne({ _id: small._id }, { $set: { rfm: { ...rfm('一般挽留'), m: 1 } } });
  const { Activity } = await import('../../src/crm/models/activity.js');
  await Activity.insertMany([0, 10, 20, 40, 60, 100, 130].map((d) => ({ tenantId, customerId: lively._id, type: 'follow_up', at: new Date(NOW.getTime() - d * DAY - 3600_000), source: 'api', relayed: true })));
  await scoreCustomers(tenantId, NOW, [silent._id, lively._id, small._id]);
});
afterAll(async () => {
  await db.drop();
});

test('the manager digest lists important customers at high churn risk, with the reasons in words', async () => {
  const tenant = await loadDigestTenant(tenantId);
  const digest = (await buildDigest({ tenant, recipient: await findRecipient(tenantId, manager), kind: 'daily', asOf: NOW })) as DailyDigest;
  expect(digest.atRiskImportant?.total).toBe(1);
  const [item] = digest.atRiskImportant!.top;
  expect(item).toMatchObject({ name: '沉默大客户', ownerName: '李销售', segment: '重要挽留', modelVersion: 'churn-prior' });
  expect(item!.probability).toBeGreaterThanOrEqual(0.6);
  expect(item!.reasons).toContain('200 天未联系');
  const text = JSON.stringify(buildDigestDocument(digest).sections);
  expect(text).toContain('流失风险高的重要客户 1');
  expect(text).toContain('200 天未联系');
  expect(text).not.toContain('沉默小客户');
});

test('/客户 replies with the segment and a churn line', async () => {
  const handle = createCommandEventHandler(
    { senders: createCommandSenders(), outbox: outboxUnderTest().outbox, latency: commandReplyLatency(new Registry()) },
    { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest(), now: () => NOW },
  );
  const e: StoredInboxEvent<'command'> = {
    id: new Types.ObjectId().toHexString(),
    tenantId: tenantId.toHexString(),
    platform: 'wecom',
    dedupeKey: `wecom:test:${new Types.ObjectId().toHexString()}`,
    kind: 'command',
    actor: { platformUserId: 'li' },
    payload: { text: '/客户 沉默大客户', replyTo: { type: 'user', platformUserId: 'li' } },
    receivedAt: NOW,
    status: 'processing',
    attempts: 1,
  };
  await handle(e);
  const msg = await OutboxMessage.findOne({ tenantId: e.tenantId, dedupeKey: replyDedupeKey(e.dedupeKey) }).lean();
  const fields = (msg?.body as { card: { fields: { label: string; value: string }[] } }).card.fields;
  expect(fields).toContainEqual({ label: '客户分群', value: '重要挽留' });
  const churn = fields.find((f) => f.label === '流失风险');
  expect(churn?.value).toMatch(/^高 \d+%（.*200 天未联系.*）$/);
});
