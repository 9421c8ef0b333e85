import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatAmount } from './support/format-amount.js';
import { parseAmount, type ParsedAmount } from './support/parse-amount.js';
import { parseCloseDate } from './support/parse-close-date.js';

function tryAmount(text: string): ParsedAmount | null {
  try {
    return parseAmount(text);
  } catch {
    return null;
  }
}

export const dealCommand = defineCommand<'customer' | 'details', CrmServices>({
  name: 'deal',
  aliases: ['商机', 'deals', 'opportunity'],
  pinyin: ['shangji', 'sj'],
  summary: '查看或新建商机',
  en: { summary: 'Show or create deals', usage: '/deal <customer> [title amount close-date]' },
  usage: '/商机 <客户> [标题 金额 预计成交日]',
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'details', label: '标题 金额 预计成交日', labelEn: 'title amount close-date', required: false, rest: true },
  ],
  permission: 'everyone',
  help:
    '只写客户：列出该客户进行中的商机。写上标题和金额（8万、8w、80,000、¥80000、8.5k、一百二十万），' +
    '可再加预计成交日（月底、季度末、下周五、12月20日）：新建商机，阶段为第一阶段（初步接洽）。',
  examples: ['/商机 张三', '/商机 张三 年度维保 8万 月底', '/商机 张三 8万 CRM 年度采购', '/deal C00012 8.5k "pilot"'],
  async handler(ctx, { args, line }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const stages = (await ctx.services.getSalesSettings(ctx.actor.tenantId)).dealStages;
    const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
    const words = line.args.slice(1);
    if (words.length === 0) {
      const { items } = await ctx.services.listDeals(ctx.actor, { customerId: String(customer._id), status: 'open', limit: 10 });
      if (items.length === 0) {
        return {
          type: 'text',
          text: tr(
            ctx.lang,
            `${customer.name}（${customer.code}）没有进行中的商机。新建：/商机 ${customer.code} <标题> <金额> [预计成交日]`,
            `${customer.name} (${customer.code}) has no open deals. New one: /deal ${customer.code} <title> <amount> [close date]`,
          ),
        };
      }
      const lines = items.map((d, i) => `${i + 1}. ${d.title} · ${stageName(d.stage)} ${d.probability}% · ${formatAmount(d.amount, d.currency)}`);
      return { type: 'text', text: [tr(ctx.lang, `${customer.name}（${customer.code}）进行中的商机：`, `Open deals of ${customer.name} (${customer.code}):`), ...lines].join('\n') };
    }
    // The amount is the first word that reads as one (unquoted); a close date may end the line.
    // A word with a unit or currency (8万, ¥80000, 8.5k) wins over a bare number that may be part of the title.
    const readable = (w: (typeof words)[number]) => !w.quoted && tryAmount(w.value) !== null;
    const marked = words.findIndex((w) => readable(w) && /[万萬亿億千百十wk¥$€元块,]/i.test(w.value));
    const amountAt = marked >= 0 ? marked : words.findIndex(readable);
    // Nothing reads as an amount: the first word was meant as one, and its error says why.
    const { amount, currency } = amountAt >= 0 ? tryAmount(words[amountAt]!.value)! : parseAmount(words[0]!.value);
    const rest = words.filter((_, i) => i !== (amountAt >= 0 ? amountAt : 0));
    const last = rest[rest.length - 1];
    const closeDate = last && !last.quoted ? parseCloseDate(last.value, { now: ctx.now, timeZone: ctx.tenantTimeZone }) : null;
    const titleWords = closeDate ? rest.slice(0, -1) : rest;
    const title = titleWords.map((w) => w.value).join(' ').trim() || `${customer.name} 商机`;
    const deal = await ctx.services.createDeal(
      ctx.actor,
      { customerId: String(customer._id), title, amount, currency, ...(closeDate ? { expectedCloseDate: closeDate } : {}) },
      ctx.now,
    );
    return {
      type: 'text',
      text: tr(
        ctx.lang,
        [
          `✅ 已新建商机：${deal.title}`,
          `客户：${customer.name}（${customer.code}）`,
          `金额：${formatAmount(deal.amount, deal.currency)}`,
          `阶段：${stageName(deal.stage)}（${deal.probability}%）`,
          ...(deal.expectedCloseDate ? [`预计成交：${deal.expectedCloseDate}`] : []),
        ].join('\n'),
        [
          `✅ Deal created: ${deal.title}`,
          `Customer: ${customer.name} (${customer.code})`,
          `Amount: ${formatAmount(deal.amount, deal.currency)}`,
          `Stage: ${stageName(deal.stage)} (${deal.probability}%)`,
          ...(deal.expectedCloseDate ? [`Expected close: ${deal.expectedCloseDate}`] : []),
        ].join('\n'),
      ),
    };
  },
});
