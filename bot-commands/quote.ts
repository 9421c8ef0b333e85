import { defineCommand } from './framework/command-spec.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatAmount } from './support/format-amount.js';

const STATUS_NAMES: Record<string, string> = { sent: '已发送', accepted: '已接受' };
const MAX_LINES = 10;

/**
 * The latest valid quote of a client (sent or accepted, within its validity), whoever made it:
 * everyone who follows the client sees the same price before quoting another.
 */
export const quoteCommand = defineCommand<'customer', CrmServices>({
  name: 'quote',
  aliases: ['报价', 'quotes'],
  pinyin: ['baojia', 'bj'],
  summary: '查看客户最新有效报价',
  en: { summary: "Show a customer's latest valid quote", usage: '/quote <customer>' },
  args: [{ name: 'customer', label: '客户', required: true, rest: true }],
  permission: 'everyone',
  help: '显示该客户当前有效的最新报价（已发送或已接受、未过有效期），不论是谁报的：报价前先看一眼，同一客户不会收到两个价格。',
  examples: ['/报价 张三', '/quote C00012'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer.trim());
    const { quote } = await ctx.services.latestValidQuote(ctx.actor, customer._id);
    if (!quote) return { type: 'text', text: `${customer.name}（${customer.code}）目前没有有效报价。` };
    const money = (n: number) => formatAmount(n, quote.currency);
    const author = quote.createdBy ? (await ctx.services.staffNamesById(ctx.actor.tenantId, [quote.createdBy])).get(String(quote.createdBy)) : undefined;
    const lines = quote.lines.slice(0, MAX_LINES).map((l) => {
      const off = l.discountBp ? `，折扣 ${l.discountBp / 100}%` : '';
      return `  ${l.name} × ${l.quantity} @ ${money(l.unitPrice)}${off} = ${money(l.total)}`;
    });
    if (quote.lines.length > MAX_LINES) lines.push(`  …另有 ${quote.lines.length - MAX_LINES} 项`);
    return {
      type: 'text',
      text: [
        `${customer.name}（${customer.code}）最新有效报价：第 ${quote.revision} 版 · ${STATUS_NAMES[quote.status] ?? quote.status}`,
        `合计 ${money(quote.total)}（原价 ${money(quote.subtotal)}，优惠 ${money(quote.discountTotal)}）`,
        `有效期至 ${quote.validUntil}${author ? ` · 报价人 ${author}` : ''}`,
        ...lines,
      ].join('\n'),
    };
  },
});
