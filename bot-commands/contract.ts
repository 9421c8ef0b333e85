import { todayIn } from '../src/crm/calendar-date.js';
import { contractBalance } from '../src/crm/contracts/contract-balance.js';
import type { ContractDoc } from '../src/crm/models/contract.js';
import { defineCommand } from './framework/command-spec.js';
import { tr, type ReplyLanguage } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatAmount } from './support/format-amount.js';

export const CONTRACT_STATUS_NAMES: Record<string, string> = {
  draft: '草稿',
  pending_approval: '待审批',
  signed: '已签订',
  executing: '执行中',
  completed: '已完成',
  terminated: '已终止',
};

const CONTRACT_STATUS_NAMES_EN: Record<string, string> = {
  draft: 'draft',
  pending_approval: 'awaiting approval',
  signed: 'signed',
  executing: 'in progress',
  completed: 'completed',
  terminated: 'terminated',
};

const INSTALLMENT_STATUS = {
  paid: ['已回款', 'paid'],
  partial: ['部分回款', 'partly paid'],
  due: ['待回款', 'due'],
  overdue: ['⚠️逾期', '⚠️overdue'],
} as const;

/** One line per contract: number, title, status, amount, outstanding and overdue. */
export function contractLine(c: ContractDoc, today: string, lang: ReplyLanguage = 'zh'): string {
  const b = contractBalance(c, today);
  const money = (n: number) => formatAmount(n, c.currency);
  const status = (lang === 'en' ? CONTRACT_STATUS_NAMES_EN : CONTRACT_STATUS_NAMES)[c.status] ?? c.status;
  const overdue = b.overdue > 0 ? tr(lang, ` · ⚠️逾期 ${money(b.overdue)}`, ` · ⚠️overdue ${money(b.overdue)}`) : '';
  return `${c.number} ${c.title} · ${status} · ${tr(lang, '金额', 'amount')} ${money(c.amount)} · ${tr(lang, '未回款', 'outstanding')} ${money(b.outstanding)}${overdue}`;
}

export const contractCommand = defineCommand<'reference', CrmServices>({
  name: 'contract',
  aliases: ['合同', 'contracts'],
  pinyin: ['hetong', 'ht'],
  summary: '查看合同与回款情况',
  en: { summary: 'Contracts and payments received' },
  args: [{ name: 'reference', label: '客户或合同编号', labelEn: 'customer or contract no.', required: true, rest: true }],
  permission: 'everyone',
  help: '写合同编号（如 HT-2026-0001）看这份合同；写客户看该客户的全部合同，含未回款和逾期金额。',
  examples: ['/合同 HT-2026-0001', '/合同 张三', '/contract C00012'],
  async handler(ctx, { args }) {
    const today = todayIn(ctx.tenantTimeZone, ctx.now);
    const reference = args.reference.trim();
    if (/^[a-z]{1,6}-\d/i.test(reference.normalize('NFKC'))) {
      const contract = await ctx.services.findContractByNumber(ctx.actor, reference);
      const b = contractBalance(contract, today);
      const plan = b.installments.map((i) => `  ${i.dueDate} ${formatAmount(i.amount, contract.currency)} ${INSTALLMENT_STATUS[i.status][ctx.lang === 'en' ? 1 : 0]}`);
      const planLines = plan.length ? [tr(ctx.lang, '回款计划：', 'Payment plan:'), ...plan] : [tr(ctx.lang, '还没有回款计划', 'No payment plan yet')];
      return { type: 'text', text: [contractLine(contract, today, ctx.lang), ...planLines].join('\n') };
    }
    const customer = await findCustomerByReference(ctx, reference);
    const { items } = await ctx.services.listContracts(ctx.actor, { customerId: String(customer._id), limit: 20 });
    if (items.length === 0) {
      return { type: 'text', text: tr(ctx.lang, `${customer.name}（${customer.code}）还没有合同。`, `${customer.name} (${customer.code}) has no contracts yet.`) };
    }
    const heading = tr(ctx.lang, `${customer.name}（${customer.code}）的合同：`, `Contracts of ${customer.name} (${customer.code}):`);
    return { type: 'text', text: [heading, ...items.map((c) => contractLine(c, today, ctx.lang))].join('\n') };
  },
});
