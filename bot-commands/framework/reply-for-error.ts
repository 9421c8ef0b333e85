import { randomBytes } from 'node:crypto';
import { CrmError, NotFound } from '../../src/errors.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { tr, type ReplyLanguage } from './reply-language.js';
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
  ticket: '工单',
};

function text(t: string): MessageBody {
  return { type: 'text', text: t };
}

/**
 * The one place where errors become chat replies. Typed domain errors say what was wrong;
 * anything else is a fault of ours and gets a reference number, never its message or stack.
 */
export function replyForError(err: unknown, lang: ReplyLanguage = 'zh'): ErrorReply {
  if (err instanceof CrmError) {
    const hint = hintOf(err);
    const say = (t: string): MessageBody => ({ type: 'text', text: hint ? `${t}\n${hint}` : t });
    switch (err.kind) {
      case 'invalid':
        return { reply: say(`⚠️ ${err.message}`) };
      case 'not_found': {
        if (!(err instanceof NotFound)) return { reply: say(tr(lang, `没有找到：${err.message}。`, `Not found: ${err.message}.`)) };
        const known = Object.hasOwn(ENTITY_NAMES, err.what);
        return {
          reply: say(tr(lang, `没有找到${known ? ENTITY_NAMES[err.what] : err.what}。`, `No ${err.what} found.`)),
        };
      }
      case 'forbidden':
        return { reply: say(`🚫 ${err.message}`) };
      case 'conflict':
      case 'too_large':
      case 'gone':
        return { reply: say(`⚠️ ${err.message}`) };
      case 'unauthenticated':
        return { reply: say(tr(lang, '你的账号还没有加入 ChatCRM，请联系管理员。', 'Your account is not in ChatCRM yet; please ask your admin.')) };
      case 'unavailable':
        return { reply: say(tr(lang, '服务暂时不可用，请稍后再试。', 'The service is briefly unavailable; please try again shortly.')) };
    }
  }
  const ref = randomBytes(4).toString('hex');
  return {
    reply: text(tr(lang, `抱歉，处理命令时出了问题，请稍后再试（参考号 ${ref}）。`, `Sorry, something went wrong with that command; please try again shortly (ref ${ref}).`)),
    internalRef: ref,
  };
}
