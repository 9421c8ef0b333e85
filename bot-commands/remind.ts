import { InvalidInput } from '../src/errors.js';
import type { CustomerDoc } from '../src/crm/models/customer.js';
import { defineCommand } from './framework/command-spec.js';
import { findLeadingWhen, findTrailingWhen, type When } from './framework/dates/parse-when.js';
import { restOfLine } from './framework/parse-command-line.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant } from './support/format-when.js';

const USAGE = '/提醒 <客户> <时间> <内容>';

function readWhen(
  text: string,
  opts: { now: Date; timeZone: string },
  leading = findLeadingWhen(text, opts),
): { when: When; text: string } | null {
  if (leading) return { when: leading.when, text: leading.rest };
  const trailing = findTrailingWhen(text, opts);
  if (trailing) return { when: trailing.when, text: [trailing.before, trailing.trailer].filter(Boolean).join(' ') };
  return null;
}

export const remindCommand = defineCommand<'customer' | 'detail', CrmServices>({
  name: 'remind',
  aliases: ['提醒', 'reminder', 'alarm'],
  summary: '设置提醒',
  usage: USAGE,
  args: [
    { name: 'customer', label: '客户', required: true },
    { name: 'detail', label: '时间 内容', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '到时间会发消息提醒你。时间写在内容前后都可以：明天上午10点、周五下午3点、3天后、2026-12-01 14:30、tomorrow 9am。\n不关联客户时直接写时间：/提醒 明天9点 周会。',
  examples: ['/提醒 张三 明天上午10点 发报价', '/提醒 C00012 下周二 回访', '/提醒 明天9点 周会', '/remind "Zhang San" tomorrow 9am send quote'],
  async handler(ctx, { line }) {
    const opts = { now: ctx.now, timeZone: ctx.tenantTimeZone };
    const whole = restOfLine(line, 0);
    let customer: CustomerDoc | null = null;
    // "/提醒 明天9点 周会": no customer, the line starts with a time that covers the whole first
    // argument (so a customer called 明天科技 is still a customer).
    const lead = findLeadingWhen(whole, opts);
    let parsed = lead && lead.when.text.length >= (line.args[0]?.value.length ?? 0) ? readWhen(whole, opts, lead) : null;
    if (!parsed) {
      const detail = restOfLine(line, 1);
      if (!detail) throw new InvalidInput(`请写上提醒时间和内容。用法：${USAGE}`);
      parsed = readWhen(detail, opts);
      if (!parsed) throw new InvalidInput(`没看懂提醒时间。例如：明天上午10点、周五下午3点、3天后。用法：${USAGE}`);
      customer = await findCustomerByReference(ctx, line.args[0]!.value);
    }
    if (parsed.when.at.getTime() <= ctx.now.getTime()) {
      throw new InvalidInput(`提醒时间 ${formatInstant(parsed.when.at, ctx.tenantTimeZone, ctx.now)} 已经过去了。`);
    }
    const text = parsed.text || (customer ? `联系 ${customer.name}` : '');
    if (!text) throw new InvalidInput(`请写上提醒内容。用法：${USAGE}`);
    await ctx.services.createReminder(ctx.actor, {
      dueAt: parsed.when.at,
      text,
      ...(customer ? { customerId: String(customer._id) } : {}),
    }, ctx.idempotencyKey ? { dedupeKey: `command:${ctx.idempotencyKey}` } : {});
    return {
      type: 'text',
      text: `✅ 已设置提醒：${formatInstant(parsed.when.at, ctx.tenantTimeZone, ctx.now)} ${text}${customer ? `（${customer.name} ${customer.code}）` : ''}`,
    };
  },
});
