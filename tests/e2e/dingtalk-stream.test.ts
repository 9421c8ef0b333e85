import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { STREAM_TOPIC_ROBOT } from '../../src/channels/dingtalk/stream/normalize-stream-message.js';
import { Staff } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { robotMessage } from '../support/dingtalk-fixtures.js';
import { startDingTalkSimulator, type DingTalkSimulator } from '../support/simulators/dingtalk/dingtalk-simulator.js';
import { startStreamGateway, type StreamGateway } from '../support/simulators/dingtalk/stream-gateway.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/** DINGTALK_STREAM_MODE=1: the module's background start opens the Stream connection; replies still use the outbox. */
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: DingTalkSimulator;
let gateway: StreamGateway;
let app: TestApp;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startDingTalkSimulator();
  gateway = await startStreamGateway({ clientId: sim.appKey, clientSecret: sim.appSecret });
  app = await startTestApp({
    env: {
      DINGTALK_APP_KEY: sim.appKey,
      DINGTALK_APP_SECRET: sim.appSecret,
      DINGTALK_STREAM_MODE: '1',
      DINGTALK_API_BASE: sim.baseUrl,
      DINGTALK_OPENAPI_BASE: gateway.baseUrl,
    },
  });
  // As main starts it: queue workers, scheduler, and the DingTalk module's Stream receiver.
  stop = await app.service.startBackground();
  await gateway.waitForConnection();
});
afterAll(async () => {
  await stop?.();
  await app?.close();
  await gateway?.close();
  await sim?.close();
  await db?.drop();
});

test('a robot message over Stream is stored, acknowledged, and answered on its sessionWebhook', async () => {
  await Staff.create({ tenantId: app.service.deps.defaultTenantId, userId: 'stream-user', name: '流', role: 'sales' });
  const webhook = sim.createSessionWebhook(Date.now() + 60 * 60_000);
  const msgId = `msg${randomBytes(6).toString('hex')}`;
  const body = robotMessage({
    msgId,
    senderStaffId: 'stream-user',
    text: { content: '/帮助' },
    sessionWebhook: webhook.url,
    sessionWebhookExpiredTime: Date.now() + 60 * 60_000,
  });
  const ack = await gateway.push({ type: 'CALLBACK', headers: { topic: STREAM_TOPIC_ROBOT }, data: JSON.stringify(body) });
  expect(ack.code).toBe(200);
  expect(await InboxEvent.countDocuments({ dedupeKey: `dingtalk:robot:${msgId}` })).toBe(1);
  // The service's own workers handle the event and send the reply.
  const deadline = Date.now() + 15_000;
  while (sim.sessionMessages.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(sim.sessionMessages.map((m) => m.session)).toEqual([webhook.session]);
  expect(JSON.stringify(sim.sessionMessages[0]?.body)).toContain('/客户');
});
