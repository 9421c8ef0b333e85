import { todayIn } from '../src/crm/calendar-date.js';
import { contractBalance } from '../src/crm/contracts/contract-balance.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { formatAmount } from './support/format-amount.js';
import { parseAmount } from './support/parse-amount.js';

export const paymentCommand = defineCommand<'contract' | 'amount' | 'note', CrmServices>({
  name: 'payment',
  aliases: ['回款', '收款', 'pay'],
  pinyin: ['huikuan', 'hk', 'shoukuan', 'sk'],
  summary: '登记回款',
  en: { summary: 'Record a payment received' },
  args: [
    { name: 'contract', label: '合同编号', labelEn: 'contract no.', required: true },
    { name: 'amount', label: '金额', labelEn: 'amount', required: true },
    { name: 'note', label: '备注', labelEn: 'note', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '给已签订或执行中的合同登记一笔今天收到的回款；金额可写 8万、80,000、¥80000、8.5k，不能超过未回款金额。',
  examples: ['/回款 HT-2026-0001 8万', '/回款 HT-2026-0001 ¥12,000.50 首付款'],
  async handler(ctx, { args }) {
    const found = await ctx.services.findContractByNumber(ctx.actor, args.contract);
    const { amount } = parseAmount(args.amount, found.currency);
    const today = todayIn(ctx.tenantTimeZone, ctx.now);
    const { contract } = await ctx.services.recordPayment(
      ctx.actor,
      found._id,
      { receivedDate: today, amount, ...(args.note ? { note: args.note.trim() } : {}) },
      ctx.now,
    );
    const b = contractBalance(contract, today);
    const money = (n: number) => formatAmount(n, contract.currency);
    return {
      type: 'text',
      text: tr(
        ctx.lang,
        `✅ 已登记回款 ${money(amount)}：${contract.number} ${contract.title}\n已回款 ${money(b.paid)} / ${money(b.amount)}，未回款 ${money(b.outstanding)}${b.overdue > 0 ? `，⚠️逾期 ${money(b.overdue)}` : ''}`,
        `✅ Payment of ${money(amount)} recorded: ${contract.number} ${contract.title}\nReceived ${money(b.paid)} of ${money(b.amount)}, outstanding ${money(b.outstanding)}${b.overdue > 0 ? `, ⚠️ overdue ${money(b.overdue)}` : ''}`,
      ),
    };
  },
});
