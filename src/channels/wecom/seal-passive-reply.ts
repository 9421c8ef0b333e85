import { encryptCallback } from './encrypt.js';
import type { CallbackCredentials } from './open-callback.js';
import { msgSignature } from '../shared/msg-crypt.js';

export interface SealOptions {
  timestamp: string;
  nonce: string;
  random?: Buffer;
}

/** The encrypted XML envelope of a passive reply (same layout as Tencent's WXBizMsgCrypt). */
export function sealPassiveReply(credentials: CallbackCredentials, plaintextXml: string, options: SealOptions): string {
  const encrypt = encryptCallback(credentials.encodingAesKey, plaintextXml, credentials.receiveId, options.random);
  const signature = msgSignature(credentials.token, options.timestamp, options.nonce, encrypt);
  return [
    '<xml>',
    `<Encrypt><![CDATA[${encrypt}]]></Encrypt>`,
    `<MsgSignature><![CDATA[${signature}]]></MsgSignature>`,
    `<TimeStamp>${options.timestamp}</TimeStamp>`,
    `<Nonce><![CDATA[${options.nonce}]]></Nonce>`,
    '</xml>',
  ].join('\n');
}
