import * as oracle from '@wecom/crypto';
import { expect, test } from 'vitest';
import { openCallback } from '../../../src/channels/wecom/open-callback.js';
import { parseCallbackXml } from '../../../src/channels/wecom/parse-callback-xml.js';
import { contactEventXml } from '../../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, buildUrlVerification } from '../../support/simulators/wecom/signed-callback.js';

const app = { token: 'simtoken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wwsim', agentId: 1000002 };

test.each(['ours', 'oracle'] as const)('callbacks built via %s open with our crypto and with the oracle', async (via) => {
  const plain = contactEventXml({ corpId: app.corpId, changeType: 'add_external_contact', userId: 'u1', externalUserId: 'wm1', state: 's' });
  const cb = buildSignedCallback(app, plain, { via });
  const envelope = await parseCallbackXml(cb.body);
  expect(envelope.Encrypt).toBe(cb.encrypt);
  const creds = { token: app.token, encodingAesKey: app.encodingAesKey, receiveId: app.corpId };
  expect(openCallback(creds, { signature: cb.query.msg_signature, timestamp: cb.query.timestamp, nonce: cb.query.nonce, encrypt: cb.encrypt })).toBe(plain);
  expect(oracle.decrypt(app.encodingAesKey, cb.encrypt)).toMatchObject({ message: plain, id: app.corpId });
  expect(oracle.getSignature(app.token, cb.query.timestamp, cb.query.nonce, cb.encrypt)).toBe(cb.query.msg_signature);
  const url = new URL(`http://x${cb.path}`);
  expect(url.searchParams.get('msg_signature')).toBe(cb.query.msg_signature);
});

test('URL verification requests carry a URL-encoded echostr that round-trips', () => {
  const v = buildUrlVerification(app, '1616140317555161061', { via: 'oracle' });
  const url = new URL(`http://x${v.path}`);
  const creds = { token: app.token, encodingAesKey: app.encodingAesKey, receiveId: app.corpId };
  const echo = openCallback(creds, {
    signature: url.searchParams.get('msg_signature')!,
    timestamp: url.searchParams.get('timestamp')!,
    nonce: url.searchParams.get('nonce')!,
    encrypt: url.searchParams.get('echostr')!,
  });
  expect(echo).toBe('1616140317555161061');
});
