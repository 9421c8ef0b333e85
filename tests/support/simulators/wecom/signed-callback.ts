import { randomBytes, randomInt } from 'node:crypto';
import * as oracle from '@wecom/crypto';
import { encryptCallback } from '../../../../src/channels/wecom/encrypt.js';
import { msgSignature as computeSignature } from '../../../../src/channels/shared/msg-crypt.js';

export interface CallbackApp {
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: number | string;
}

export interface BuildOptions {
  timestamp?: string;
  nonce?: string;
  random?: Buffer;
  /** Which implementation encrypts and signs: ours or the independent @wecom/crypto. */
  via?: 'ours' | 'oracle';
  /** Encrypt for a different receive id (a callback meant for another corp). */
  receiveId?: string;
}

export interface SignedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
  /** `/callbacks/wecom?msg_signature=…` ready for a request. */
  path: string;
  encrypt: string;
}

function encryptAndSign(app: CallbackApp, plaintext: string, options: BuildOptions) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomInt(1, 2 ** 31));
  const random = options.random ?? randomBytes(16);
  const receiveId = options.receiveId ?? app.corpId;
  const encrypt =
    options.via === 'oracle'
      ? oracle.encrypt(app.encodingAesKey, plaintext, receiveId, random)
      : encryptCallback(app.encodingAesKey, plaintext, receiveId, random);
  const signature =
    options.via === 'oracle'
      ? oracle.getSignature(app.token, timestamp, nonce, encrypt)
      : computeSignature(app.token, timestamp, nonce, encrypt);
  return { timestamp, nonce, encrypt, signature };
}

const toPath = (base: string, q: Record<string, string>) => `${base}?${new URLSearchParams(q).toString()}`;

/** A POST callback exactly as WeCom sends it: signed query + XML envelope around the ciphertext. */
export function buildSignedCallback(app: CallbackApp, plaintext: string, options: BuildOptions = {}, base = '/callbacks/wecom'): SignedCallback {
  const { timestamp, nonce, encrypt, signature } = encryptAndSign(app, plaintext, options);
  const query = { msg_signature: signature, timestamp, nonce };
  const body = `<xml><ToUserName><![CDATA[${app.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${app.agentId}]]></AgentID></xml>`;
  return { query, body, path: toPath(base, query), encrypt };
}

/** The GET URL verification request for an echo string. */
export function buildUrlVerification(app: CallbackApp, echo: string, options: BuildOptions = {}, base = '/callbacks/wecom') {
  const { timestamp, nonce, encrypt, signature } = encryptAndSign(app, echo, options);
  const query = { msg_signature: signature, timestamp, nonce, echostr: encrypt };
  return { query, path: toPath(base, query) };
}
