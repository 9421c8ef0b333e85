import { DateTime } from 'luxon';
import { defineCommand } from './framework/command-spec.js';
import { findTrailingWhen } from './framework/dates/parse-when.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant } from './support/format-when.js';
import { inferChannel } from './support/infer-channel.js';

export const logCommand = defineCommand<'customer' | 'content', CrmServices>({
  name: 'log',
  aliases: ['跟进', '记录', 'followup', 'follow'],
  summary: '记录跟进',
  args: [
    { name: 'customer', label: '客户', required: true },
    { name: 'content', label: '内容', required: true, rest: true },
  ],
  permission: 'everyone',
  help:
    '给客户记一条跟进。内容结尾的时间（如「下周二再联系」「3天后回访」「周五下午3点」）会设为下次跟进时间；没写时间则按客户的联系周期。\n' +
    '电话/微信/拜访/会议/邮件等字样会记为跟进方式。',
  examples: ['/跟进 张三 电话沟通，对报价满意，下周二再联系', '/跟进 C00012 拜访完毕 3天后回访', '/log "Zhang San" called, send quote tomorrow 10am'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const zone = ctx.tenantTimeZone;
    const trailing = findTrailingWhen(args.content, { now: ctx.now, timeZone: zone });
    const today = DateTime.fromJSDate(ctx.now, { zone }).startOf('day').toJSDate();
    // "昨天已联系" names a past day: that is part of the note, not the next follow-up.
    const next = trailing && trailing.when.at >= today ? trailing.when : undefined;
    const channel = inferChannel(args.content);
    const { customer: updated } = await ctx.services.logFollowUp(ctx.actor, customer._id, {
      content: args.content,
      at: ctx.now,
      ...(channel ? { channel } : {}),
      ...(next ? { nextFollowUpAt: next.at } : {}),
    }, ctx.idempotencyKey ? { dedupeKey: `command:${ctx.idempotencyKey}` } : {});
    const nextLine = updated.nextFollowUpAt
      ? `下次跟进：${formatInstant(updated.nextFollowUpAt, zone, ctx.now, { time: next ? next.time !== undefined : true })}`
      : '没有设置下次跟进（可在内容结尾写上时间，如「下周二再联系」）';
    return { type: 'text', text: `✅ 已记录跟进：${updated.name}（${updated.code}）\n${nextLine}` };
  },
});
