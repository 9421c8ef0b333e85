import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { encryptFeishuEvent } from '../../src/channels/feishu/decrypt-event.js';
import { computeFeishuSignature } from '../../src/channels/feishu/verify-signature.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer, type CustomerDoc } from '../../src/crm/models/customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { actorFor } from '../support/actor-for.js';
import { feishuAppEnv, startFeishuSimulator, type FeishuSimulator } from '../support/simulators/feishu/feishu-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Card buttons on Feishu over real HTTP: the customer card's buttons as the simulator receives
 * them, a signed and encrypted card.action.trigger to POST /callbacks/feishu/events, the change
 * through the crm services on the real database, the card patched in place on the simulator.
 */
const VERIFICATION_TOKEN = 'card-token-0123456789';
const ENCRYPT_KEY = 'card-encrypt-key';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: FeishuSimulator;
let app: TestApp;
let wang: StaffDoc;
let zhang: CustomerDoc;
const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startFeishuSimulator();
  app = await startTestApp({ env: { ...feishuAppEnv(sim, { verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY }), PUBLIC_BASE_URL: 'https://crm.example.cn' } });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: '王销售', role: 'sales', departments: ['east'], feishuOpenId: 'ou_wang' });
  await Staff.create({ tenantId: tenantId(), userId: 'li', name: '李销售', role: 'sales', departments: ['west'], feishuOpenId: 'ou_li' });
  zhang = await createCustomer(actorFor(wang, 'import'), { name: '张三', company: '星河科技' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

function sealed(plain: unknown, options: { timestamp?: number; signature?: string } = {}) {
  const rawBody = JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(plain), ENCRYPT_KEY) });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = options.signature ?? computeFeishuSignature(timestamp, nonce, ENCRYPT_KEY, rawBody);
  return { rawBody, headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature } };
}
const post = (req: { rawBody: string; headers: Record<string, string> }) => app.request('POST', '/callbacks/feishu/events', req);
const runQueues = async () => {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
};

/** What Feishu posts when a button is pressed: the button's `value` echoed back, with the card's message id. */
function pressed(openId: string, value: Record<string, string>, messageId: string, eventId = randomBytes(8).toString('hex')) {
  return {
    eventId,
    event: {
      schema: '2.0',
      header: { event_id: eventId, event_type: 'card.action.trigger', create_time: String(Date.now() * 1000), token: VERIFICATION_TOKEN, app_id: sim.appId, tenant_key: 'tk' },
      event: {
        operator: { tenant_key: 'tk', open_id: openId, user_id: openId.replace('ou_', '') },
        token: `c-${randomBytes(10).toString('hex')}`,
        action: { value, tag: 'button' },
        host: 'im_message',
        context: { open_message_id: messageId, open_chat_id: 'oc_group' },
      },
    },
  };
}

/** Asks for the customer card with a chat command and returns its buttons as the simulator got them. */
async function customerCard(): Promise<{ messageId: string; buttons: Array<{ text: { content: string }; value: Record<string, string> }> }> {
  const eventId = randomBytes(8).toString('hex');
  const event = {
    schema: '2.0',
    header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: VERIFICATION_TOKEN, app_id: sim.appId, tenant_key: 'tk' },
    event: {
      sender: { sender_id: { open_id: 'ou_wang' }, sender_type: 'user' },
      message: { message_id: `om_${randomBytes(8).toString('hex')}`, chat_id: 'oc_group', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: '/客户 张三' }) },
    },
  };
  expect((await post(sealed(event))).status).toBe(200);
  await runQueues();
  const reply = sim.messages.find((m) => m.kind === 'reply')!;
  const elements = reply.content.elements as Array<{ tag: string; actions?: Array<Record<string, any>> }>;
  const buttons = elements.filter((e) => e.tag === 'action').flatMap((e) => e.actions!).filter((b) => b.value) as never;
  sim.reset();
  return { messageId: reply.messageId, buttons };
}

describe('Feishu card buttons', () => {
  test('the customer card carries log-follow-up, next-stage and snooze buttons whose value names the customer', async () => {
    const { buttons } = await customerCard();
    expect(buttons.map((b) => b.value.crm_action)).toEqual(['log_follow_up', 'change_stage', 'snooze']);
    expect(buttons.every((b) => b.value.customerId === String(zhang._id))).toBe(true);
    expect(buttons[1]!.text.content).toContain('意向');
  });

  test('"推进到「意向」" moves the customer and patches that very card; a redelivered press is processed once', async () => {
    const { messageId, buttons } = await customerCard();
    const press = pressed('ou_wang', buttons[1]!.value, messageId);
    const first = await post(sealed(press.event));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ toast: { type: 'info' } });
    expect((await post(sealed(press.event))).status).toBe(200);
    await runQueues();
    expect(await InboxEvent.countDocuments({ dedupeKey: `feishu:event:${press.eventId}` })).toBe(1);
    expect((await Customer.findById(zhang._id).lean())!.stage).toBe('intent');
    expect(await Activity.countDocuments({ customerId: zhang._id, type: 'stage_changed' })).toBe(1);
    expect(sim.messages).toHaveLength(1);
    const update = sim.messages[0]!;
    expect(update).toMatchObject({ kind: 'update', target: messageId });
    const card = JSON.stringify(update.content);
    expect(card).toContain('阶段已更新');
    expect(card).toContain('意向');
    // The refreshed card offers the next step from the new stage.
    expect(card).toContain('推进到「谈判」');
  });

  test('"记录跟进" logs one follow-up and "明天再跟进" moves the next follow-up a day out', async () => {
    const { messageId, buttons } = await customerCard();
    const before = await Activity.countDocuments({ customerId: zhang._id, type: 'follow_up' });
    const log = pressed('ou_wang', buttons[0]!.value, messageId);
    expect((await post(sealed(log.event))).status).toBe(200);
    await runQueues();
    expect(await Activity.countDocuments({ customerId: zhang._id, type: 'follow_up' })).toBe(before + 1);
    const snooze = pressed('ou_wang', buttons[2]!.value, messageId);
    const asked = Date.now();
    expect((await post(sealed(snooze.event))).status).toBe(200);
    await runQueues();
    const next = (await Customer.findById(zhang._id).lean())!.nextFollowUpAt!.getTime();
    expect(next - asked).toBeGreaterThan(86_400_000 - 60_000);
    expect(next - asked).toBeLessThan(86_400_000 + 60_000);
    expect(sim.messages.filter((m) => m.kind === 'update')).toHaveLength(2);
  });

  test('a press by someone outside the customer’s scope changes nothing and is answered with the reason', async () => {
    const { messageId, buttons } = await customerCard();
    const stage = (await Customer.findById(zhang._id).lean())!.stage;
    const press = pressed('ou_li', { ...buttons[1]!.value, stage: 'won' }, messageId);
    expect((await post(sealed(press.event))).status).toBe(200);
    await runQueues();
    expect((await Customer.findById(zhang._id).lean())!.stage).toBe(stage);
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]).toMatchObject({ kind: 'reply', target: messageId });
    expect(JSON.stringify(sim.messages[0]!.content)).toContain('没有找到');
  });

  test('forged, stale and wrong-token presses get 4xx and nothing is stored or changed', async () => {
    const { messageId, buttons } = await customerCard();
    const before = await InboxEvent.countDocuments();
    const stage = (await Customer.findById(zhang._id).lean())!.stage;
    const press = pressed('ou_wang', { ...buttons[1]!.value, stage: 'lost' }, messageId);
    const attempts = [
      sealed(press.event, { signature: '0'.repeat(64) }),
      sealed(press.event, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      sealed({ ...press.event, header: { ...press.event.header, token: 'wrong' } }),
      { rawBody: JSON.stringify(press.event), headers: { 'content-type': 'application/json' } },
    ];
    for (const attempt of attempts) {
      const res = await post(attempt);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    await runQueues();
    expect(await InboxEvent.countDocuments()).toBe(before);
    expect((await Customer.findById(zhang._id).lean())!.stage).toBe(stage);
    expect(sim.messages).toHaveLength(0);
  });
});
