import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { normalizeRobotMessage } from '../../../src/channels/dingtalk/normalize-robot-message.js';
import { normalizeStreamMessage, STREAM_TOPIC_ROBOT } from '../../../src/channels/dingtalk/stream/normalize-stream-message.js';
import { startDingTalkStreamReceiver, type StreamReceiver } from '../../../src/channels/dingtalk/stream/start-stream-receiver.js';
import { Unavailable } from '../../../src/errors.js';
import { acceptInboundEvent } from '../../../src/queue/inbox/accept-inbound-event.js';
import { InboxEvent } from '../../../src/queue/inbox/inbox-event-model.js';
import type { InboundEvent } from '../../../src/messaging/inbound-event.js';
import { createLogger } from '../../../src/logger.js';
import { startStreamGateway, type StreamGateway } from '../../support/simulators/dingtalk/stream-gateway.js';
import { useTestDatabase } from '../../support/test-db.js';
import { robotMessage } from '../../support/dingtalk-fixtures.js';

describe('Stream frames → the same InboundEvents as HTTP', () => {
  const receivedAt = new Date('2024-05-01T00:00:00Z');

  test('a robot callback frame normalizes exactly like the HTTP callback body', () => {
    const body = robotMessage();
    const frame = { type: 'CALLBACK', headers: { topic: STREAM_TOPIC_ROBOT, messageId: 'm1' }, data: JSON.stringify(body) };
    expect(normalizeStreamMessage(frame, { tenantId: 't1', receivedAt })).toEqual(normalizeRobotMessage(body, { tenantId: 't1', receivedAt }));
  });

  test('a contact event frame becomes staff.left keyed by the gateway eventId', () => {
    const frame = {
      type: 'EVENT',
      headers: { topic: '*', messageId: 'm2', eventType: 'user_leave_org', eventId: 'ev-123', eventCorpId: 'dingcorp' },
      data: JSON.stringify({ userId: ['u9'], timeStamp: 1714521600000 }),
    };
    expect(normalizeStreamMessage(frame, { tenantId: 't1', receivedAt })).toMatchObject({
      kind: 'staff.left',
      dedupeKey: 'dingtalk:stream-event:ev-123',
      payload: { eventType: 'user_leave_org', userIds: ['u9'] },
    });
  });

  test('system frames and other callback topics carry no event; unknown events are kept raw', () => {
    expect(normalizeStreamMessage({ type: 'SYSTEM', headers: { topic: 'ping' }, data: '{}' }, { tenantId: 't1' })).toBeNull();
    expect(normalizeStreamMessage({ type: 'CALLBACK', headers: { topic: '/v1.0/card/instances/callback' }, data: '{}' }, { tenantId: 't1' })).toBeNull();
    const other = normalizeStreamMessage(
      { type: 'EVENT', headers: { eventType: 'chat_update_title', eventId: 'ev-9' }, data: '{"chatId":"c1"}' },
      { tenantId: 't1' },
    );
    expect(other).toMatchObject({ kind: 'unknown', dedupeKey: 'dingtalk:stream-event:ev-9', payload: { eventType: 'chat_update_title' } });
  });
});

describe('Stream receiver (official SDK client) against a local gateway', () => {
  let db: Awaited<ReturnType<typeof useTestDatabase>>;
  let gateway: StreamGateway;
  let receiver: StreamReceiver;
  let failAccept = false;
  const tenantId = '65f000000000000000000001';

  beforeAll(async () => {
    db = await useTestDatabase();
    gateway = await startStreamGateway({ clientId: 'dingstreamapp', clientSecret: 'stream-secret' });
    receiver = startDingTalkStreamReceiver({
      appKey: 'dingstreamapp',
      appSecret: 'stream-secret',
      tenantId,
      openApiBase: gateway.baseUrl,
      accept: async (event: InboundEvent) => {
        if (failAccept) throw new Unavailable('database down');
        return acceptInboundEvent(event);
      },
      logger: createLogger('silent'),
    });
    await gateway.waitForConnection();
    await receiver.connected;
  });
  afterAll(async () => {
    await receiver?.stop();
    await gateway?.close();
    await db?.drop();
  });

  test('the client registered with its credentials and asked for robot callbacks and all events', () => {
    expect(gateway.openRequests[0]).toMatchObject({
      clientId: 'dingstreamapp',
      subscriptions: expect.arrayContaining([
        { type: 'EVENT', topic: '*' },
        { type: 'CALLBACK', topic: STREAM_TOPIC_ROBOT },
      ]),
    });
  });

  test('a robot message is stored, then acknowledged; a re-push of the same msgId is stored once', async () => {
    const body = robotMessage({ msgId: 'stream-msg-1' });
    const ack = await gateway.push({ type: 'CALLBACK', headers: { topic: STREAM_TOPIC_ROBOT }, data: JSON.stringify(body) });
    expect(ack).toMatchObject({ code: 200, message: 'OK', data: JSON.stringify({ response: null }) });
    await gateway.push({ type: 'CALLBACK', headers: { topic: STREAM_TOPIC_ROBOT }, data: JSON.stringify(body) });
    const stored = await InboxEvent.find({ tenantId, dedupeKey: 'dingtalk:robot:stream-msg-1' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'command', payload: { text: '/customer 华为' } });
  });

  test('an event is acknowledged SUCCESS only after it is stored; a storage failure asks for a re-push (LATER)', async () => {
    const frame = { type: 'EVENT', headers: { topic: '*', eventType: 'user_add_org', eventId: 'ev-stream-1' }, data: JSON.stringify({ userId: ['u1'] }) };
    failAccept = true;
    const later = await gateway.push(frame);
    expect(JSON.parse(later.data)).toMatchObject({ status: 'LATER' });
    expect(await InboxEvent.countDocuments({ dedupeKey: 'dingtalk:stream-event:ev-stream-1' })).toBe(0);
    failAccept = false;
    const ok = await gateway.push(frame);
    expect(JSON.parse(ok.data)).toMatchObject({ status: 'SUCCESS' });
    expect(await InboxEvent.findOne({ dedupeKey: 'dingtalk:stream-event:ev-stream-1' }).lean()).toMatchObject({ kind: 'staff.added', payload: { userIds: ['u1'] } });
  });

  test('a malformed robot frame is acknowledged (it can never become valid) and stores nothing', async () => {
    const before = await InboxEvent.countDocuments({});
    const ack = await gateway.push({ type: 'CALLBACK', headers: { topic: STREAM_TOPIC_ROBOT }, data: '{"not":"a robot message"}' });
    expect(ack.code).toBe(200);
    expect(await InboxEvent.countDocuments({})).toBe(before);
  });
});
