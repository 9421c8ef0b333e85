import { describe, expect, test } from 'vitest';
import { decryptFeishuEvent, encryptFeishuEvent } from '../../../src/channels/feishu/decrypt-event.js';
import { FeishuCallbackError } from '../../../src/channels/feishu/feishu-callback-error.js';
import { normalizeFeishuEvent, stripMentions } from '../../../src/channels/feishu/normalize-event.js';
import { openFeishuCallback, type FeishuCallbackInput } from '../../../src/channels/feishu/open-event-callback.js';
import { computeFeishuSignature, verifyFeishuSignature } from '../../../src/channels/feishu/verify-signature.js';
import { feishuVectors } from '../../support/vectors/feishu-slack-vectors.js';

/** larksuite/oapi-sdk-go event/dispatcher/dispatcher_test.go TestDecryptEvent (chat-platforms.md §6). */
const GO_SDK = {
  key: '1212121212',
  encrypt:
    'bZ3L7yh6m3Fkuffl4g+3uGjIHnhOm5fVZbKVuyT8t7tcd5ABMYm8l28/X900ZL3knZ7n+sCREu/H2WnIzft0amC7+xWqNH8o25IU63N4BnZWfHh+4hyG76QPd19vkw2bPJCx9aqxK8Nz+xqFNbk0RdgyWhmgd30jSxHtcQXAllkI7FMpGpOCteJad3bLXPDBQIV/xkCtKICCS7Z63gakpxZCLaRZ3qCXP1fapHh+LBIupxenrU6ysc7I3nHmjmKie41IiWwS5puG4zQHhVbq6KWLcgWm/3NBZOPQy53ucMu75SXA55I7jarVLZXWUcqBGrcgE3vouWbtwgZuzmoTQl0GSh5VYSVvpW992BuGxUWj0XjPYdICJm6Cr7xouNXwMcdb7N8caVdkdSZeEnswG19qSyDoQhklwzNGW0yiaayulBqJNjfge/G5V3401c2XaIuAeEIo+QQ4RSNpRGfnHkbu/j55FGQAGWjpuBNaIwZbaUoVP3NkGP+vM5rpEDe3sL2GN+Xsd+g9yBs7FqdMV8mXTGgLjCqjrPrke5/km76Q3Pe6KPs2YexMRG4MkSx3xUTzZnNn7zIzShPcjeSwBd2pxk6ht5N+fzueZdxl6Oo=',
  plain:
    '{"schema":"2.0","header":{"event_id":"f7984f25108f8137722bb63cee927e66","event_type":"contact.user.created_v3","app_id":"cli_xxxxxxxx","tenant_key":"xxxxxxx","create_time":"1603977298000000","token":"v"},"event":{"object":{"open_id":"ou_7dab8a3d3cdcc9da365777c7ad535d62","union_id":"on_576833b917gda3d939b9a3c2d53e72c8","user_id":"e33ggbyz","name":"张三","employee_no":"employee_no"}},"challenge":"1212","type":"url_verification"}',
  signature: '4dca085198cb3216defc5b65b0668c1328b038a22dbadf2bc6c4fdc3d32bbc45',
};

const NOW = 1_700_000_000_000;
const TOKEN = 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6';

describe('Feishu crypto against the official vectors', () => {
  test.each(feishuVectors)('$name decrypts', ({ encryptKey, encrypt, expectedPlain }) => {
    expect(decryptFeishuEvent(encrypt, encryptKey)).toBe(expectedPlain);
  });

  test('the Go SDK event decrypts and its signature matches', () => {
    expect(decryptFeishuEvent(GO_SDK.encrypt, GO_SDK.key)).toBe(GO_SDK.plain);
    expect(computeFeishuSignature('timestamp', 'nonce', GO_SDK.key, Buffer.from(GO_SDK.plain))).toBe(GO_SDK.signature);
  });

  test('encrypt round-trips; a wrong key or truncated ciphertext is bad_encrypt', () => {
    const sealed = encryptFeishuEvent('{"a":"中文"}', 'k');
    expect(decryptFeishuEvent(sealed, 'k')).toBe('{"a":"中文"}');
    expect(() => decryptFeishuEvent(sealed, 'other')).toThrow(FeishuCallbackError);
    expect(() => decryptFeishuEvent(sealed.slice(0, 20), 'k')).toThrow(FeishuCallbackError);
  });

  test('signature: fresh and exact only', () => {
    const raw = Buffer.from('{"encrypt":"x"}');
    const ts = String(NOW / 1000);
    const signature = computeFeishuSignature(ts, 'n', 'key', raw);
    const base = { timestamp: ts, nonce: 'n', signature, rawBody: raw, encryptKey: 'key', maxSkewSeconds: 300, nowMs: NOW };
    expect(() => verifyFeishuSignature(base)).not.toThrow();
    const reason = (input: typeof base) => {
      try {
        verifyFeishuSignature(input);
        return 'ok';
      } catch (error) {
        return (error as FeishuCallbackError).reason;
      }
    };
    expect(reason({ ...base, signature: signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).toBe('bad_signature');
    expect(reason({ ...base, rawBody: Buffer.from('{"encrypt":"y"}') })).toBe('bad_signature');
    expect(reason({ ...base, nowMs: NOW + 301_000 })).toBe('stale_timestamp');
    expect(reason({ ...base, nonce: '' })).toBe('missing_headers');
  });
});

describe('openFeishuCallback', () => {
  const challengeVector = feishuVectors[1]!;
  const input = (over: Partial<FeishuCallbackInput>): FeishuCallbackInput => ({
    rawBody: Buffer.from(''),
    document: {},
    headers: {},
    secrets: { verificationToken: TOKEN },
    maxSkewSeconds: 300,
    nowMs: NOW,
    ...over,
  });

  test('the encrypted URL check of the Node SDK answers its challenge', () => {
    const opened = openFeishuCallback(
      input({ document: { encrypt: challengeVector.encrypt }, secrets: { verificationToken: TOKEN, encryptKey: challengeVector.encryptKey } }),
    );
    expect(opened).toEqual({ type: 'url_verification', challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
  });

  test('a plain URL check needs the right token', () => {
    const doc = { challenge: 'c1', token: TOKEN, type: 'url_verification' };
    expect(openFeishuCallback(input({ document: doc }))).toEqual({ type: 'url_verification', challenge: 'c1' });
    expect(() => openFeishuCallback(input({ document: { ...doc, token: 'wrong' } }))).toThrow(FeishuCallbackError);
  });

  test('with an Encrypt Key, plain bodies are refused; without one, encrypted bodies are', () => {
    const plain = { challenge: 'c1', token: TOKEN, type: 'url_verification' };
    expect(() => openFeishuCallback(input({ document: plain, secrets: { verificationToken: TOKEN, encryptKey: 'k' } }))).toThrow(/verification failed/);
    expect(() => openFeishuCallback(input({ document: { encrypt: encryptFeishuEvent(JSON.stringify(plain), 'k') } }))).toThrow(FeishuCallbackError);
  });

  test('an encrypted event needs a valid signature over the raw body', () => {
    const event = { schema: '2.0', header: { event_id: 'e1', event_type: 'x', token: TOKEN }, event: {} };
    const raw = Buffer.from(JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(event), 'k') }));
    const ts = String(NOW / 1000);
    const headers = { timestamp: ts, nonce: 'n', signature: computeFeishuSignature(ts, 'n', 'k', raw) };
    const secrets = { verificationToken: TOKEN, encryptKey: 'k' };
    const opened = openFeishuCallback(input({ rawBody: raw, document: JSON.parse(raw.toString()), headers, secrets }));
    expect(opened).toMatchObject({ type: 'event', document: { header: { event_id: 'e1' } } });
    expect(() => openFeishuCallback(input({ rawBody: raw, document: JSON.parse(raw.toString()), headers: { ...headers, signature: 'ab' }, secrets }))).toThrow(
      FeishuCallbackError,
    );
  });
});

describe('normalizeFeishuEvent', () => {
  const message = (over: Record<string, unknown> = {}) => ({
    schema: '2.0',
    header: { event_id: 'ev-1', event_type: 'im.message.receive_v1', token: TOKEN, create_time: String(NOW) },
    event: {
      sender: { sender_id: { open_id: 'ou_1', user_id: 'u1' }, sender_type: 'user', tenant_key: 't' },
      message: {
        message_id: 'om_1',
        chat_id: 'oc_1',
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({ text: '@_user_1 /客户 张三' }),
        mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'ChatCRM' }],
        ...over,
      },
    },
  });

  test('a group text with the bot @mentioned becomes a command replying to the message', () => {
    const event = normalizeFeishuEvent(message(), { tenantId: 't1' });
    expect(event).toMatchObject({
      platform: 'feishu',
      kind: 'command',
      dedupeKey: 'feishu:event:ev-1',
      actor: { platformUserId: 'ou_1' },
      payload: { text: '/客户 张三', replyTo: { type: 'message_reply', messageId: 'om_1', chatId: 'oc_1' }, chatType: 'group' },
    });
  });

  test('p2p text, the v1 schema, and non-text messages', () => {
    expect(normalizeFeishuEvent(message({ chat_type: 'p2p', content: '{"text":"help"}' }), { tenantId: 't' }).payload).toMatchObject({ text: 'help' });
    const v1 = normalizeFeishuEvent(
      { uuid: 'u-9', token: TOKEN, ts: '1', type: 'event_callback', event: { type: 'message', msg_type: 'text', open_id: 'ou_2', open_message_id: 'om_9', chat_type: 'private', text_without_at_bot: ' /todo ' } },
      { tenantId: 't' },
    );
    expect(v1).toMatchObject({ kind: 'command', dedupeKey: 'feishu:event:u-9', actor: { platformUserId: 'ou_2' }, payload: { text: '/todo', replyTo: { messageId: 'om_9' } } });
    expect(normalizeFeishuEvent(message({ message_type: 'image', content: '{"image_key":"k"}' }), { tenantId: 't' }).kind).toBe('unknown');
    expect(() => normalizeFeishuEvent({ hello: 1 }, { tenantId: 't' })).toThrow(FeishuCallbackError);
  });

  test('mention placeholders anywhere are removed', () => {
    expect(stripMentions('@_user_1  /跟进 张三 @_user_2 已联系')).toBe('/跟进 张三 已联系');
  });
});
