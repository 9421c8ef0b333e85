import { createHash } from 'node:crypto';
import type { FlatXmlRecord } from '../parse-callback-xml.js';

/**
 * Messages carry a MsgId. Events don't, and 客户联系 events all come from `sys`, so
 * FromUserName+CreateTime collides within a second; the plaintext is identical across retries.
 */
export function wecomDedupeKey(fields: FlatXmlRecord, plaintext: string): string {
  const msgId = fields.MsgId?.trim();
  if (msgId && fields.MsgType !== 'event') return `msg:${msgId}`;
  return `evt:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`;
}
