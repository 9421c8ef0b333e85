import { DateTime } from 'luxon';
import { InvalidInput } from '../src/errors.js';
import type { CustomerDoc } from '../src/crm/models/customer.js';
import { defineCommand } from './framework/command-spec.js';
import { findLeadingWhen, findTrailingWhen, parseWhen, type When } from './framework/dates/parse-when.js';
import { restOfLine } from './framework/parse-command-line.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant } from './support/format-when.js';

const USAGE = '/提醒 <客户> <时间> <内容>';
const USAGE_EN = '/remind <customer> <time> <note>';

function readWhen(
  text: string,
  opts: { now: Date; timeZone: string },
  leading = findLeadingWhen(text, opts),
): { when: When; text: string } | null {
  if (leading) {
    // "明天 发报价 10点": the day leads, its time comes at the end — one time, not 09:00 plus "10点".
    const words = leading.rest.split(/\s+/);
    const late = leading.when.time || words.length < 2 ? null : parseWhen(words[words.length - 1]!, opts);
    if (late?.time && !/^\d{4}|[日号月天周]/.test(late.text)) {
      const at = DateTime.fromISO(leading.when.date, { zone: opts.timeZone }).set({ hour: late.time.hour, minute: late.time.minute });
      if (at.isValid) return { when: { ...leading.when, at: at.toJSDate(), time: late.time }, text: words.slice(0, -1).join(' ') };
    }
    return { when: leading.when, text: leading.rest };
  }
  const trailing = findTrailingWhen(text, opts);
  if (trailing) return { when: trailing.when, text: [trailing.before, trailing.trailer].filter(Boolean).join(' ') };
  return null;
}

export const remindCommand = defineCommand<'customer' | 'detail', CrmServices>({
  name: 'remind',
  aliases: ['提醒', 'reminder', 'alarm'],
  pinyin: ['tixing', 'tx'],
  summary: '设置提醒',
  en: { summary: 'Set a reminder', usage: USAGE_EN, help: 'Sends you a message at the time. The time may come before or after the note: tomorrow 9am, friday 3pm, in 3 days, 2026-12-01 14:30.' },
  usage: USAGE,
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'detail', label: '时间 内容', labelEn: 'time note', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '到时间会发消息提醒你。时间写在内容前后都可以：明天上午10点、周五下午3点、3天后、2026-12-01 14:30、tomorrow 9am。\n不关联客户时直接写时间：/提醒 明天9点 周会。',
  examples: ['/提醒 张三 明天上午10点 发报价', '/提醒 C00012 下周二 回访', '/提醒 明天9点 周会', '/remind "Zhang San" tomorrow 9am send quote'],
  async handler(ctx, { line }) {
    const lang = ctx.lang;
    const usage = lang === 'en' ? USAGE_EN : USAGE;
    const opts = { now: ctx.now, timeZone: ctx.tenantTimeZone };
    const whole = restOfLine(line, 0);
    let customer: CustomerDoc | null = null;
    // "/提醒 明天9点 周会": no customer, the line starts with a time that covers the whole first
    // argument (so a customer called 明天科技 is still a customer).
    const lead = findLeadingWhen(whole, opts);
    let parsed = lead && lead.when.text.length >= (line.args[0]?.value.length ?? 0) ? readWhen(whole, opts, lead) : null;
    if (!parsed) {
      const detail = restOfLine(line, 1);
      if (!detail) throw new InvalidInput(tr(lang, `请写上提醒时间和内容。用法：${usage}`, `Say when and what. Usage: ${usage}`));
      parsed = readWhen(detail, opts);
      if (!parsed) {
        throw new InvalidInput(
          tr(
            lang,
            `没看懂提醒时间。例如：明天上午10点、周五下午3点、3天后。用法：${usage}`,
            `I could not read the time. For example: tomorrow 10am, friday 3pm, in 3 days. Usage: ${usage}`,
          ),
        );
      }
      customer = await findCustomerByReference(ctx, line.args[0]!.value);
    }
    const at = formatInstant(parsed.when.at, ctx.tenantTimeZone, ctx.now, { lang });
    if (parsed.when.at.getTime() <= ctx.now.getTime()) {
      throw new InvalidInput(tr(lang, `提醒时间 ${at} 已经过去了。`, `${at} has already passed.`));
    }
    const text = parsed.text || (customer ? tr(lang, `联系 ${customer.name}`, `Contact ${customer.name}`) : '');
    if (!text) throw new InvalidInput(tr(lang, `请写上提醒内容。用法：${usage}`, `Say what to be reminded of. Usage: ${usage}`));
    await ctx.services.createReminder(ctx.actor, {
      dueAt: parsed.when.at,
      text,
      ...(customer ? { customerId: String(customer._id) } : {}),
    }, ctx.idempotencyKey ? { dedupeKey: `command:${ctx.idempotencyKey}` } : {});
    return {
      type: 'text',
      text: tr(
        lang,
        `✅ 已设置提醒：${at} ${text}${customer ? `（${customer.name} ${customer.code}）` : ''}`,
        `✅ Reminder set: ${at} ${text}${customer ? ` (${customer.name} ${customer.code})` : ''}`,
      ),
    };
  },
});
