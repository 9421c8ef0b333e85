import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandEventHandler, replyDedupeKey } from '../../../src/features/commands/handle-command-event.js';
import { createCommandSenders } from '../../../src/features/commands/command-senders.js';
import { commandReplyLatency } from '../../../src/features/commands/command-reply-latency.js';
import { inboundEventSchema } from '../../../src/messaging/inbound-event.js';
import { outboxUnderTest } from '../../support/queues-under-test.js';
import { Registry } from 'prom-client';
import { CommandRun } from '../../../src/features/commands/command-run-model.js';
import { createCustomer } from '../../../src/crm/customers/create-customer.js';
import { Activity } from '../../../src/crm/models/activity.js';
import { Reminder } from '../../../src/crm/models/reminder.js';
import { Staff, type StaffDoc } from '../../../src/crm/models/staff.js';
import { Tenant } from '../../../src/crm/models/tenant.js';
import type { StoredInboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import { createLogger } from '../../../src/logger.js';
import { OutboxMessage } from '../../../src/queue/outbox/outbox-message-model.js';
import { useTestDatabase } from '../../support/test-db.js';
import { renderersUnderTest } from '../../support/renderers-under-test.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let wang: StaffDoc;
const NOW = new Date('2026-05-13T02:00:00Z');
const senders = createCommandSenders();
const handle = createCommandEventHandler(
  { senders, outbox: outboxUnderTest().outbox, latency: commandReplyLatency(new Registry()) },
  { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest(), now: () => NOW },
);

function event(text: string, platformUserId = 'wang', overrides: Partial<StoredInboxEvent<'command'>> = {}): StoredInboxEvent<'command'> {
  return {
    id: new Types.ObjectId().toHexString(),
    tenantId: tenantId.toHexString(),
    platform: 'wecom',
    dedupeKey: `wecom:test:${new Types.ObjectId().toHexString()}`,
    kind: 'command',
    actor: { platformUserId },
    payload: { text, replyTo: { type: 'user', platformUserId } },
    receivedAt: NOW,
    status: 'processing',
    attempts: 1,
    ...overrides,
  };
}

async function replyTo(e: StoredInboxEvent<'command'>): Promise<string> {
  const msg = await OutboxMessage.findOne({ tenantId: e.tenantId, dedupeKey: replyDedupeKey(e.dedupeKey) }).lean();
  const body = msg?.body as { type: string; text?: string; card?: { title: string } } | undefined;
  return body?.text ?? body?.card?.title ?? '';
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: 'runtime', name: 'Runtime', timezone: 'Asia/Shanghai' }))._id;
  wang = await Staff.create({ tenantId, userId: 'wang', name: '王销售', role: 'sales' });
  await Staff.create({ tenantId, userId: 'gone', name: '离职', role: 'sales', active: false });
  await createCustomer({ tenantId, staffId: wang._id, role: 'sales', departments: [], source: 'import' }, { name: '张三' });
});
afterAll(async () => {
  await db.drop();
});

describe('command inbox handler', () => {
  it('runs the command as the staff member and queues the reply to the event replyTo', async () => {
    const e = event('/跟进 张三 电话沟通，下周二再联系');
    await handle(e);
    const msg = await OutboxMessage.findOne({ dedupeKey: replyDedupeKey(e.dedupeKey) }).lean();
    expect(msg).toMatchObject({ platform: 'wecom', to: { type: 'user', platformUserId: 'wang' }, status: 'pending' });
    expect(await replyTo(e)).toContain('✅ 已记录跟进：张三');
    expect(await Activity.findOne({ tenantId, type: 'follow_up' }).lean()).toMatchObject({ source: 'command', authorId: wang._id });
  });

  it('a redelivered event is not run again and not answered twice', async () => {
    const e = event('/跟进 张三 第二次电话');
    await handle(e);
    await handle({ ...e, id: new Types.ObjectId().toHexString(), attempts: 2 });
    expect(await Activity.countDocuments({ tenantId, type: 'follow_up', content: '第二次电话' })).toBe(1);
    expect(await OutboxMessage.countDocuments({ dedupeKey: replyDedupeKey(e.dedupeKey) })).toBe(1);
    expect(await CommandRun.countDocuments({ tenantId, eventKey: e.dedupeKey })).toBe(1);
  });

  it('a process that died after the writes but before recording the run does not log or remind twice on redelivery', async () => {
    const log = event('/跟进 张三 崩溃前写入的跟进');
    await handle(log);
    await CommandRun.deleteOne({ tenantId, eventKey: log.dedupeKey }); // as if the run record was never written
    await handle({ ...log, attempts: 2 });
    expect(await Activity.countDocuments({ tenantId, type: 'follow_up', content: '崩溃前写入的跟进' })).toBe(1);

    const remind = event('/提醒 张三 明天上午10点 发报价');
    await handle(remind);
    await CommandRun.deleteOne({ tenantId, eventKey: remind.dedupeKey });
    await handle({ ...remind, attempts: 2 });
    expect(await Reminder.countDocuments({ tenantId, text: '发报价' })).toBe(1);
  });

  it('a retry after the command ran but before the reply was queued sends the stored reply without running again', async () => {
    const e = event('/跟进 张三 第三次电话');
    await handle(e);
    await OutboxMessage.deleteOne({ dedupeKey: replyDedupeKey(e.dedupeKey) });
    await handle(e);
    expect(await Activity.countDocuments({ tenantId, type: 'follow_up', content: '第三次电话' })).toBe(1);
    expect(await replyTo(e)).toContain('✅ 已记录跟进：张三');
  });

  it.each([
    ['an unknown user', 'stranger'],
    ['an inactive staff member', 'gone'],
  ])('%s is told to ask an admin, and nothing runs', async (_label, userId) => {
    const before = await Activity.countDocuments({ tenantId });
    const e = event('/跟进 张三 电话', userId);
    await handle(e);
    expect(await replyTo(e)).toContain('还没有加入 ChatCRM');
    expect(await Activity.countDocuments({ tenantId })).toBe(before);
  });

  it("a channel's sender resolver decides who sent it; the reply goes to the event's replyTo with the same key on every platform", async () => {
    const seen: string[] = [];
    const restore = senders.set('dingtalk', async (_tenantId, e) => {
      seen.push(e.dedupeKey);
      return e.actor?.platformUserId === 'dt-wang' ? wang : null;
    });
    try {
      const replyTarget = { type: 'session_webhook' as const, url: 'https://oapi.example/robot/send?session=s1', expiresAt: '2099-01-01T00:00:00.000Z' };
      const known = event('/跟进 张三 钉钉上记的跟进', 'dt-wang', { platform: 'dingtalk', payload: { text: '/跟进 张三 钉钉上记的跟进', replyTo: replyTarget } });
      await handle(known);
      expect(await Activity.findOne({ tenantId, content: '钉钉上记的跟进' }).lean()).toMatchObject({ authorId: wang._id });
      expect(await OutboxMessage.findOne({ dedupeKey: replyDedupeKey(known.dedupeKey) }).lean()).toMatchObject({ platform: 'dingtalk', to: replyTarget });

      // 'wang' is a Staff.userId, but this platform's resolver does not know that sender.
      const unknown = event('/跟进 张三 电话', 'wang', { platform: 'dingtalk', payload: { text: '/跟进 张三 电话', replyTo: replyTarget } });
      await handle(unknown);
      expect(await replyTo(unknown)).toContain('还没有加入 ChatCRM');
      expect(seen).toEqual([known.dedupeKey, unknown.dedupeKey]);
    } finally {
      restore();
    }
  });

  it('a command payload without text or replyTo never reaches the handler: the inbox refuses it at the edge', () => {
    const { id: _id, status: _status, attempts: _attempts, ...envelope } = event('/帮助');
    expect(inboundEventSchema.safeParse(envelope).success).toBe(true);
    expect(inboundEventSchema.safeParse({ ...envelope, payload: { replyTo: { type: 'user', platformUserId: 'wang' } } }).success).toBe(false);
    expect(inboundEventSchema.safeParse({ ...envelope, payload: { text: '/帮助' } }).success).toBe(false);
  });
});
