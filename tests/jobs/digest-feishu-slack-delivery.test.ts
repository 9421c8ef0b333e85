import { afterAll, beforeAll, expect, test } from 'vitest';
import { AccessTokenModel } from '../../src/channels/shared/access-token-cache.js';
import { createFeishuRuntime } from '../../src/channels/feishu/feishu-settings.js';
import { createFeishuSender } from '../../src/channels/feishu/send-feishu-message.js';
import { createSlackRuntime } from '../../src/channels/slack/slack-settings.js';
import { createSlackSender } from '../../src/channels/slack/send-slack-message.js';
import { DigestSubscription } from '../../src/crm/digests/digest-subscription.js';
import { createDigestJob } from '../../src/jobs/run-due-digests.js';
import { createReminderJob } from '../../src/jobs/run-reminders.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { seedCustomer, seedFollowUp, seedReminder, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { startFeishuSimulator, type FeishuSimulator } from '../support/simulators/feishu/feishu-simulator.js';
import { startSlackSimulator, type SlackSimulator } from '../support/simulators/slack/slack-simulator.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';
import { Staff } from '../../src/crm/models/staff.js';

/**
 * Digests and reminders reach Feishu and Slack users when their subscription says so: the digest
 * to the subscription's platform (Feishu open_id, Slack user id), the person's reminders to the
 * same place; each exactly once however often the jobs run, through the outbox to the simulators.
 */
const { outbox, senders } = outboxUnderTest();
const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let feishu: FeishuSimulator;
let slack: SlackSimulator;
const unregister: Array<() => void> = [];

beforeAll(async () => {
  db = await useTestDatabase();
  await AccessTokenModel.deleteMany({});
  feishu = await startFeishuSimulator();
  slack = await startSlackSimulator();
  const feishuRuntime = createFeishuRuntime({ tenantId: 'x', appId: feishu.appId, appSecret: feishu.appSecret, apiBase: feishu.baseUrl });
  const slackRuntime = createSlackRuntime({ tenantId: 'x', botToken: slack.botToken, apiBase: slack.apiBase, publicBaseUrl: 'https://crm.example.com' });
  unregister.push(senders.add('feishu', createFeishuSender(() => feishuRuntime)), senders.add('slack', createSlackSender(() => slackRuntime)));
});
afterAll(async () => {
  for (const u of unregister) u();
  await feishu.close();
  await slack.close();
  await db.drop();
});

test('a daily digest on Feishu and a reminder on Slack, each delivered once to the subscribed platform', async () => {
  const tenant = await seedTenant('feishu-slack-digest');
  const manager = await seedStaff(tenant._id, '飞书经理', 'manager', ['华南']);
  await Staff.updateOne({ _id: manager._id }, { $set: { feishuOpenId: 'ou_manager' } });
  const rep = await seedStaff(tenant._id, 'Slack Rep', 'sales', ['华南']);
  await Staff.updateOne({ _id: rep._id }, { $set: { slackUserId: 'U_REP' } });
  const customer = await seedCustomer(tenant._id, rep._id, '南方客户');
  await seedFollowUp(tenant._id, customer._id, rep._id, sh('2025-03-18 11:00'));
  await DigestSubscription.create({ tenantId: tenant._id, recipientId: manager._id, kind: 'daily', schedule: { time: '18:05', weekdays: [0, 1, 2, 3, 4, 5, 6] }, channel: 'feishu' });
  await DigestSubscription.create({ tenantId: tenant._id, recipientId: rep._id, kind: 'morning', schedule: { time: '09:05', weekdays: [0, 1, 2, 3, 4, 5, 6] }, channel: 'slack' });
  await seedReminder(tenant._id, rep._id, sh('2025-03-18 10:07'), 'call back', { customerId: customer._id });

  const digests = createDigestJob({ defaultChannel: 'wecom', outbox, renderers: renderersUnderTest(), logger });
  const reminders = createReminderJob({ defaultChannel: 'wecom', outbox, renderers: renderersUnderTest(), logger });
  for (const instanceId of ['a', 'b']) {
    await reminders.run({ now: sh('2025-03-18 10:07'), instanceId, stillLeader: async () => true });
    await digests.run({ now: sh('2025-03-18 18:05'), instanceId, stillLeader: async () => true });
  }

  const queued = await OutboxMessage.find({}).lean();
  const daily = queued.filter((m) => String(m.dedupeKey).startsWith('digest:'));
  const reminder = queued.filter((m) => String(m.dedupeKey).startsWith('reminder:'));
  expect(daily.length).toBeGreaterThanOrEqual(1);
  expect(daily.every((m) => m.platform === 'feishu' && (m.to as { platformUserId: string }).platformUserId === 'ou_manager')).toBe(true);
  expect(reminder).toHaveLength(1);
  expect(reminder[0]).toMatchObject({ platform: 'slack', to: { type: 'user', platformUserId: 'U_REP' } });

  const at = { now: () => sh('2025-03-18 18:06'), logger };
  await outbox.drain(at);
  await outbox.drain(at);
  expect(await OutboxMessage.countDocuments({ status: 'sent' })).toBe(queued.length);
  expect(feishu.messages).toHaveLength(daily.length);
  expect(feishu.messages.every((m) => m.kind === 'send' && m.receiveIdType === 'open_id' && m.target === 'ou_manager')).toBe(true);
  expect(JSON.stringify(feishu.messages[0]!.content)).toContain('Slack Rep');
  expect(slack.posts).toHaveLength(1);
  expect(slack.posts[0]).toMatchObject({ via: 'chat.postMessage', channel: 'U_REP' });
  expect(JSON.stringify(slack.posts[0]!.body)).toContain('call back');
});
