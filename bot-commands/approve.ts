import { Forbidden, InvalidInput } from '../src/errors.js';
import { CONTRACT_STATUS_NAMES } from './contract.js';
import { defineCommand } from './framework/command-spec.js';
import { foldWidth } from './framework/fold-width.js';
import type { CrmServices } from './support/crm-services.js';
import { formatAmount } from './support/format-amount.js';
import { can } from '../src/crm/permissions/access-of.js';

const DECISIONS: Record<string, 'approve' | 'reject'> = {
  通过: 'approve', 同意: 'approve', 批准: 'approve', approve: 'approve', yes: 'approve', ok: 'approve',
  驳回: 'reject', 拒绝: 'reject', 不同意: 'reject', reject: 'reject', no: 'reject',
};

/** A manager approves or rejects a contract waiting for approval, in chat (the same rule as REST). */
export const approveCommand = defineCommand<'contract' | 'decision' | 'comment', CrmServices>({
  name: 'approve',
  aliases: ['审批', 'approval'],
  pinyin: ['shenpi', 'sp'],
  summary: '审批合同（经理、管理员）',
  en: { summary: 'Approve or reject a contract (managers, admins)', usage: '/approve <contract number> <approve|reject> [comment]' },
  usage: '/审批 <合同编号> <通过|驳回> [意见]',
  args: [
    { name: 'contract', label: '合同编号', required: true },
    { name: 'decision', label: '通过|驳回', required: true },
    { name: 'comment', label: '意见', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '待审批的合同由负责人所在部门的经理或管理员审批：通过后合同为已签订，驳回后回到草稿。不能审批自己的合同。',
  examples: ['/审批 HT-2026-0001 通过', '/审批 HT-2026-0001 驳回 价格需重新核算', '/approve HT-2026-0001 approve'],
  async handler(ctx, { args, line }) {
    if (!can(ctx.actor, 'contracts', 'approve')) {
      throw new Forbidden(/^[a-z]/.test(line.name) ? 'Only managers and admins decide on contract approvals.' : '只有经理和管理员可以审批合同。');
    }
    const decision = DECISIONS[foldWidth(args.decision).trim().toLowerCase()];
    if (!decision) throw new InvalidInput(`decision: 「${args.decision}」不是审批结果。可选：通过、驳回（approve / reject）。`);
    const found = await ctx.services.findContractByNumber(ctx.actor, args.contract);
    const comment = args.comment.trim();
    const { contract } = await ctx.services.decideContractApproval(ctx.actor, found._id, { decision, ...(comment ? { comment } : {}) }, ctx.now);
    return {
      type: 'text',
      text: `${decision === 'approve' ? '✅ 已通过' : '↩️ 已驳回'}：${contract.number} ${contract.title} · ${formatAmount(contract.amount, contract.currency)}\n状态：${CONTRACT_STATUS_NAMES[contract.status] ?? contract.status}${comment ? `\n意见：${comment}` : ''}`,
    };
  },
});
