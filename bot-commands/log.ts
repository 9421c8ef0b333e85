import { defineCommand } from './framework/command-spec.js';
import { findNextContactWhen } from './framework/dates/parse-when.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant } from './support/format-when.js';
import { inferChannel } from './support/infer-channel.js';

export const logCommand = defineCommand<'customer' | 'content', CrmServices>({
  name: 'log',
  aliases: ['跟进', '记录', 'followup', 'follow'],
  pinyin: ['genjin', 'gj', 'jilu', 'jl'],
  summary: '记录跟进',
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'content', label: '内容', labelEn: 'note', required: true, rest: true },
  ],
  permission: 'everyone',
  help:
    '给客户记一条跟进。内容里的下次时间（如「后天再打」「下周二再联系」「3天后回访」「下次周五再约」）会设为下次跟进时间；没写时间则按客户的联系周期。\n' +
    '已经过去的日期不会设为下次跟进。电话/微信/拜访/会议/邮件等字样会记为跟进方式。',
  en: {
    summary: 'Log a follow-up',
    help:
      'Logs a contact with the customer. A time in the note ("call again tomorrow 10am", "next friday") becomes the next follow-up; ' +
      'without one the customer\'s contact cycle applies. A date that has passed is never set as the next follow-up.',
  },
  examples: ['/跟进 张三 电话聊了，后天再打', '/跟进 C00012 拜访完毕 3天后回访', '/log "Zhang San" called, send quote tomorrow 10am'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const zone = ctx.tenantTimeZone;
    const lang = ctx.lang;
    const found = findNextContactWhen(args.content, { now: ctx.now, timeZone: zone });
    // "昨天已联系" names a past day, and "今天再打" at 09:00 has passed by the afternoon: part of
    // the note, never the next follow-up.
    const next = found && found.at.getTime() > ctx.now.getTime() ? found : undefined;
    const channel = inferChannel(args.content);
    // The follow-up that was due has now happened: an overdue date does not stay "next".
    const overdue = !next && !customer.contactCycleDays && customer.nextFollowUpAt && customer.nextFollowUpAt.getTime() <= ctx.now.getTime();
    const before = customer.nextFollowUpAt?.getTime();
    const { customer: updated } = await ctx.services.logFollowUp(
      ctx.actor,
      customer._id,
      {
        content: args.content,
        at: ctx.now,
        ...(channel ? { channel } : {}),
        ...(next ? { nextFollowUpAt: next.at } : overdue ? { nextFollowUpAt: null } : {}),
      },
      ctx.idempotencyKey ? { dedupeKey: `command:${ctx.idempotencyKey}` } : {},
    );
    const nextAt = updated.nextFollowUpAt && updated.nextFollowUpAt.getTime() > ctx.now.getTime() ? updated.nextFollowUpAt : null;
    const when = (d: Date) => formatInstant(d, zone, ctx.now, { time: next ? next.time !== undefined : true, lang });
    let nextLine: string;
    if (nextAt) {
      const kept = !next && before === nextAt.getTime();
      nextLine = tr(lang, `下次跟进：${when(nextAt)}${kept ? '（沿用原定）' : ''}`, `Next follow-up: ${when(nextAt)}${kept ? ' (unchanged)' : ''}`);
    } else {
      const passed = found && !next ? tr(lang, `「${found.text}」已经过去，`, `"${found.text}" has passed, so `) : '';
      nextLine = tr(
        lang,
        `${passed}没有设置下次跟进。要设置，在内容结尾写上时间，如「后天再打」「下周二再联系」。`,
        `${passed}no next follow-up is set. To set one, end the note with a time, e.g. "call again tomorrow".`,
      );
    }
    return {
      type: 'text',
      text: `${tr(lang, `✅ 已记录跟进：${updated.name}（${updated.code}）`, `✅ Follow-up logged: ${updated.name} (${updated.code})`)}\n${nextLine}`,
    };
  },
});
