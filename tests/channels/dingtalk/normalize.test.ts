import { describe, expect, test } from 'vitest';
import { CrmError } from '../../../src/errors.js';
import { eventDedupeKey, normalizeEventPlaintext } from '../../../src/channels/dingtalk/normalize-event.js';
import {
  normalizeRobotMessage,
  stripLeadingMention,
} from '../../../src/channels/dingtalk/normalize-robot-message.js';
import { robotMessage } from '../../support/dingtalk-fixtures.js';

describe('robot message → command', () => {
  test('group text becomes a command keyed by msgId with a session-webhook reply target', () => {
    const receivedAt = new Date('2021-02-18T06:40:00Z');
    const event = normalizeRobotMessage(robotMessage(), { tenantId: 't1', receivedAt });
    expect(event).toEqual({
      tenantId: 't1',
      platform: 'dingtalk',
      dedupeKey: 'dingtalk:robot:msgdHtbXXXXXXXX==',
      kind: 'command',
      actor: { platformUserId: 'manager8312', name: '王五' },
      receivedAt,
      payload: {
        text: '/customer 华为',
        msgId: 'msgdHtbXXXXXXXX==',
        conversationType: 'group',
        conversationId: 'cidXXXXXXXX==',
        conversationTitle: '销售群',
        senderStaffId: 'manager8312',
        isAdmin: true,
        replyTo: {
          type: 'session_webhook',
          url: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
          expiresAt: new Date(1613635652738).toISOString(),
          robotCode: 'dingrobot123',
          conversationType: 'group',
          conversationId: 'cidXXXXXXXX==',
          platformUserId: 'manager8312',
        },
      },
    });
  });

  test('a leading @mention is stripped, other text is kept', () => {
    expect(stripLeadingMention('@CRM助手 /log 已拜访')).toBe('/log 已拜访');
    expect(stripLeadingMention('@CRM助手\u2005/待办')).toBe('/待办');
    expect(stripLeadingMention('  你好 ')).toBe('你好');
    expect(stripLeadingMention('/log 和 @张三 一起拜访')).toBe('/log 和 @张三 一起拜访');
    expect(stripLeadingMention('@CRM助手')).toBe('');
    const event = normalizeRobotMessage(robotMessage({ text: { content: '@CRM助手 /stage 华为 won' } }), { tenantId: 't1' });
    expect(event.payload.text).toBe('/stage 华为 won');
  });

  test('1:1 chats are "single"; a sender without staff id keeps the encrypted id and no platformUserId target', () => {
    const event = normalizeRobotMessage(
      robotMessage({ conversationType: '1', senderStaffId: undefined, conversationTitle: undefined }),
      { tenantId: 't1' },
    );
    expect(event.kind).toBe('command');
    expect(event.actor).toEqual({ platformUserId: '$:LWCP_v1:$sender', name: '王五' });
    expect(event.payload).not.toHaveProperty('senderStaffId');
    expect(event.payload.replyTo).toMatchObject({ conversationType: 'single' });
    expect(event.payload.replyTo).not.toHaveProperty('platformUserId');
  });

  test('non-text messages are kept raw as unknown', () => {
    const event = normalizeRobotMessage(robotMessage({ msgtype: 'picture', text: undefined, content: { downloadCode: 'x' } }), {
      tenantId: 't1',
    });
    expect(event.kind).toBe('unknown');
    expect(event.dedupeKey).toBe('dingtalk:robot:msgdHtbXXXXXXXX==');
    expect(event.payload).toMatchObject({ source: 'robot', msgtype: 'picture', raw: { content: { downloadCode: 'x' } } });
  });

  test('bodies that are not robot messages are refused with InvalidInput', () => {
    for (const bad of [
      null,
      'text',
      robotMessage({ msgId: undefined }),
      robotMessage({ sessionWebhook: 'javascript:alert(1)' }),
      robotMessage({ conversationType: '3' }),
      robotMessage({ sessionWebhookExpiredTime: 'soon' }),
    ]) {
      expect(() => normalizeRobotMessage(bad, { tenantId: 't1' })).toThrow(CrmError);
    }
  });
});

describe('event plaintext → staff events', () => {
  test('check_url is recognised and not turned into an event', () => {
    expect(normalizeEventPlaintext('{"EventType":"check_url"}', { tenantId: 't1' })).toEqual({ type: 'check_url' });
  });

  test.each([
    ['user_add_org', 'staff.added'],
    ['user_modify_org', 'staff.updated'],
    ['user_leave_org', 'staff.left'],
  ])('%s → %s with the user ids', (eventType, kind) => {
    const plaintext = JSON.stringify({ EventType: eventType, TimeStamp: 1608001896814, UserId: ['u1', 'u2'], CorpId: 'dingcorp', OptStaffId: 'admin1' });
    const receivedAt = new Date();
    const parsed = normalizeEventPlaintext(plaintext, { tenantId: 't1', receivedAt });
    expect(parsed).toEqual({
      type: 'event',
      event: {
        tenantId: 't1',
        platform: 'dingtalk',
        dedupeKey: eventDedupeKey(plaintext),
        kind,
        actor: { platformUserId: 'admin1' },
        receivedAt,
        payload: { eventType, userIds: ['u1', 'u2'], corpId: 'dingcorp', operatorUserId: 'admin1', eventTime: new Date(1608001896814).toISOString() },
      },
    });
  });

  test('a comma-separated UserId string is read too', () => {
    const parsed = normalizeEventPlaintext('{"EventType":"user_leave_org","UserId":"a, b"}', { tenantId: 't1' });
    expect(parsed.type === 'event' && parsed.event.payload).toMatchObject({ userIds: ['a', 'b'] });
  });

  test('dedupe key is the plaintext hash: same push → same key, any difference → another key', () => {
    const a = '{"EventType":"user_leave_org","UserId":["u1"],"TimeStamp":1}';
    expect(eventDedupeKey(a)).toBe(eventDedupeKey(a));
    expect(eventDedupeKey(a)).not.toBe(eventDedupeKey(a.replace('"TimeStamp":1', '"TimeStamp":2')));
    expect(eventDedupeKey(a)).toMatch(/^dingtalk:event:[0-9a-f]{64}$/);
  });

  test('other event types, staff events without users, and non-JSON plaintext are kept raw as unknown', () => {
    const other = normalizeEventPlaintext('{"EventType":"bpms_instance_change","processInstanceId":"p1"}', { tenantId: 't1' });
    expect(other).toMatchObject({
      type: 'event',
      event: { kind: 'unknown', payload: { source: 'event', eventType: 'bpms_instance_change', raw: { processInstanceId: 'p1' } } },
    });
    const empty = normalizeEventPlaintext('{"EventType":"user_add_org","UserId":[]}', { tenantId: 't1' });
    expect(empty).toMatchObject({ type: 'event', event: { kind: 'unknown' } });
    const text = normalizeEventPlaintext('success', { tenantId: 't1' });
    expect(text).toMatchObject({ type: 'event', event: { kind: 'unknown', payload: { rawText: 'success' } } });
  });
});
