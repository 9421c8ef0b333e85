import { randomBytes } from 'node:crypto';
import { CrmError, NotFound } from '../../src/errors.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { hintOf } from './with-hint.js';

export interface ErrorReply {
  reply: MessageBody;
  /** Set for errors that are not the user's doing; the caller logs the error with this reference. */
  internalRef?: string;
}

/** The domain's names for what it could not find (`new NotFound('customer')`), as chat says them. */
const ENTITY_NAMES: Readonly<Record<string, string>> = {
  record: '记录',
  customer: '客户',
  'staff member': '同事',
  contact: '联系人',
  reminder: '提醒',
  tenant: '企业',
  file: '文件',
};

function text(t: string): MessageBody {
  return { type: 'text', text: t };
}

/**
 * The one place where errors become chat replies. Typed domain errors say what was wrong;
 * anything else is a fault of ours and gets a reference number, never its message or stack.
 */
export function replyForError(err: unknown): ErrorReply {
  if (err instanceof CrmError) {
    const hint = hintOf(err);
    const say = (t: string): MessageBody => ({ type: 'text', text: hint ? `${t}\n${hint}` : t });
    switch (err.kind) {
      case 'invalid':
        return { reply: say(`⚠️ ${err.message}`) };
      case 'not_found':
        return {
          reply: say(err instanceof NotFound ? `没有找到${(Object.hasOwn(ENTITY_NAMES, err.what) ? ENTITY_NAMES[err.what] : err.what)}。` : `没有找到：${err.message}。`),
        };
      case 'forbidden':
        return { reply: say(`🚫 ${err.message}`) };
      case 'conflict':
      case 'too_large':
        return { reply: say(`⚠️ ${err.message}`) };
      case 'unauthenticated':
        return { reply: say('你的账号还没有加入 ChatCRM，请联系管理员。') };
      case 'unavailable':
        return { reply: say('服务暂时不可用，请稍后再试。') };
    }
  }
  const ref = randomBytes(4).toString('hex');
  return { reply: text(`抱歉，处理命令时出了问题，请稍后再试（参考号 ${ref}）。`), internalRef: ref };
}
