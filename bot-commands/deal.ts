import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatAmount } from './support/format-amount.js';
import { parseAmount } from './support/parse-amount.js';

export const dealCommand = defineCommand<'customer' | 'amount' | 'title', CrmServices>({
  name: 'deal',
  aliases: ['商机', 'deals', 'opportunity'],
  pinyin: ['shangji', 'sj'],
  summary: '查看或新建商机',
  en: { summary: 'Show or create deals', usage: '/deal <customer> [amount title]' },
  usage: '/商机 <客户> [金额 标题]',
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'amount', label: '金额', labelEn: 'amount', required: false },
    { name: 'title', label: '标题', labelEn: 'title', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '只写客户：列出该客户进行中的商机。写上金额（8万、8w、80,000、¥80000、8.5k、一百二十万）和标题：新建商机，阶段为第一阶段（初步接洽）。',
  examples: ['/商机 张三', '/商机 张三 8万 CRM 年度采购', '/deal C00012 8.5k "pilot"'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const stages = (await ctx.services.getSalesSettings(ctx.actor.tenantId)).dealStages;
    const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
    if (!args.amount) {
      const { items } = await ctx.services.listDeals(ctx.actor, { customerId: String(customer._id), status: 'open', limit: 10 });
      if (items.length === 0) {
        return {
          type: 'text',
          text: tr(ctx.lang, `${customer.name}（${customer.code}）没有进行中的商机。新建：/商机 ${customer.code} <金额> <标题>`, `${customer.name} (${customer.code}) has no open deals. New one: /deal ${customer.code} <amount> <title>`),
        };
      }
      const lines = items.map((d, i) => `${i + 1}. ${d.title} · ${stageName(d.stage)} ${d.probability}% · ${formatAmount(d.amount, d.currency)}`);
      return { type: 'text', text: [tr(ctx.lang, `${customer.name}（${customer.code}）进行中的商机：`, `Open deals of ${customer.name} (${customer.code}):`), ...lines].join('\n') };
    }
    const { amount, currency } = parseAmount(args.amount);
    const title = args.title.trim() || `${customer.name} 商机`;
    const deal = await ctx.services.createDeal(ctx.actor, { customerId: String(customer._id), title, amount, currency }, ctx.now);
    return {
      type: 'text',
      text: tr(
        ctx.lang,
        `✅ 已新建商机：${deal.title}\n客户：${customer.name}（${customer.code}）\n金额：${formatAmount(deal.amount, deal.currency)}\n阶段：${stageName(deal.stage)}（${deal.probability}%）`,
        `✅ Deal created: ${deal.title}\nCustomer: ${customer.name} (${customer.code})\nAmount: ${formatAmount(deal.amount, deal.currency)}\nStage: ${stageName(deal.stage)} (${deal.probability}%)`,
      ),
    };
  },
});
