import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { normalizeCallback } from '../../../src/channels/wecom/normalize-callback.js';
import { parseCallbackXml } from '../../../src/channels/wecom/parse-callback-xml.js';

const receivedAt = new Date('2024-05-01T00:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function normalize(plaintext: string) {
  return normalizeCallback(await parseCallbackXml(plaintext), { tenantId: 't1', plaintext, receivedAt });
}

const header = (changeType: string) =>
  '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>' +
  `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${changeType}]]></ChangeType>`;

describe('normalizeCallback dispatch', () => {
  test('a staff text message becomes a command replying to the sender', async () => {
    const plain =
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[/客户 张三]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>';
    const event = await normalize(plain);
    expect(event).toMatchObject({
      tenantId: 't1',
      platform: 'wecom',
      kind: 'command',
      dedupeKey: 'msg:4561255354251345929',
      actor: { platformUserId: 'mycreate' },
      payload: { text: '/客户 张三', replyTo: { type: 'user', platformUserId: 'mycreate' }, msgId: '4561255354251345929', agentId: '218' },
      receivedAt,
    });
  });

  test('add_external_contact keeps State and WelcomeCode; dedupe is the plaintext hash', async () => {
    const plain = `${header('add_external_contact')}<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID><State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>`;
    const event = await normalize(plain);
    expect(event).toEqual({
      tenantId: 't1',
      platform: 'wecom',
      kind: 'contact.added',
      dedupeKey: `evt:${sha(plain)}`,
      actor: { platformUserId: 'zhangsan' },
      payload: {
        externalUserId: 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA',
        staffUserId: 'zhangsan',
        occurredAt: '2014-06-24T11:48:33.000Z',
        state: 'teststate',
        welcomeCode: 'WELCOMECODE',
        half: false,
      },
      receivedAt,
    });
  });

  test('add_half_external_contact is an add with the half flag; empty State is omitted', async () => {
    const event = await normalize(
      `${header('add_half_external_contact')}<UserID>lisi</UserID><ExternalUserID>wmX</ExternalUserID><State><![CDATA[]]></State></xml>`,
    );
    expect(event.kind).toBe('contact.added');
    expect(event.payload).toEqual({ externalUserId: 'wmX', staffUserId: 'lisi', occurredAt: '2014-06-24T11:48:33.000Z', half: true });
  });

  test.each([
    ['edit_external_contact', 'contact.updated', '', {}],
    ['del_external_contact', 'contact.removed', '<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>', { source: 'DELETE_BY_TRANSFER' }],
    ['del_follow_user', 'contact.staff_removed', '', {}],
    ['transfer_fail', 'contact.transfer_failed', '<FailReason><![CDATA[customer_refused]]></FailReason>', { failReason: 'customer_refused' }],
  ])('%s → %s', async (changeType, kind, extraXml, extra) => {
    const event = await normalize(`${header(changeType)}<UserID>zhangsan</UserID><ExternalUserID>wmA</ExternalUserID>${extraXml}</xml>`);
    expect(event.kind).toBe(kind);
    expect(event.payload).toEqual({ externalUserId: 'wmA', staffUserId: 'zhangsan', occurredAt: '2014-06-24T11:48:33.000Z', ...extra });
  });

  test('change_external_tag of any ChangeType → tag.changed', async () => {
    for (const changeType of ['create', 'update', 'delete', 'shuffle']) {
      const event = await normalize(
        `<xml><ToUserName>c</ToUserName><FromUserName>sys</FromUserName><CreateTime>1403610513</CreateTime><MsgType>event</MsgType><Event>change_external_tag</Event><Id>TAG_ID</Id>${changeType === 'shuffle' ? '' : '<TagType>tag</TagType>'}<ChangeType>${changeType}</ChangeType><StrategyId>1</StrategyId></xml>`,
      );
      expect(event.kind).toBe('tag.changed');
      expect(event.payload).toMatchObject({ id: 'TAG_ID', changeType, strategyId: '1' });
      expect(event.actor).toBeUndefined();
    }
  });

  test('two distinct events in the same second get different dedupe keys; a retry gets the same', async () => {
    const a = `${header('add_external_contact')}<UserID>u1</UserID><ExternalUserID>wmA</ExternalUserID></xml>`;
    const b = `${header('add_external_contact')}<UserID>u2</UserID><ExternalUserID>wmA</ExternalUserID></xml>`;
    expect((await normalize(a)).dedupeKey).not.toBe((await normalize(b)).dedupeKey);
    expect((await normalize(a)).dedupeKey).toBe((await normalize(a)).dedupeKey);
  });

  test.each([
    ['an unknown ChangeType', `${header('msg_audit_approved')}<UserID>u</UserID></xml>`],
    ['a contact event missing its ExternalUserID', `${header('add_external_contact')}<UserID>u</UserID></xml>`],
    ['a group-chat event', '<xml><FromUserName>sys</FromUserName><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>c</ChatId><ChangeType>create</ChangeType></xml>'],
    ['an image message', '<xml><FromUserName>zhangsan</FromUserName><MsgType>image</MsgType><PicUrl>http://x</PicUrl><MsgId>77</MsgId></xml>'],
    ['no MsgType at all', '<xml><Foo>bar</Foo></xml>'],
  ])('%s is kept raw as unknown', async (_name, plain) => {
    const event = await normalize(plain);
    expect(event.kind).toBe('unknown');
    expect(event.payload).toMatchObject({ plaintext: plain, fields: await parseCallbackXml(plain) });
  });

  test('unknown messages with a MsgId dedupe on it', async () => {
    const event = await normalize('<xml><FromUserName>zhangsan</FromUserName><MsgType>image</MsgType><MsgId>77</MsgId></xml>');
    expect(event.dedupeKey).toBe('msg:77');
    expect(event.actor).toEqual({ platformUserId: 'zhangsan' });
  });

  test('a table key can\'t be hit through Object.prototype names', async () => {
    const event = await normalize('<xml><MsgType>constructor</MsgType></xml>');
    expect(event.kind).toBe('unknown');
  });
});
