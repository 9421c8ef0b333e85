import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findStaffByReference } from './support/find-staff-by-reference.js';

const CONFIRM = ['确认', 'confirm', 'yes'];
const PREVIEW_NAMES = 10;

export const handoverCommand = defineCommand<'from' | 'to' | 'confirm', CrmServices>({
  name: 'handover',
  aliases: ['交接', '继承'],
  pinyin: ['jiaojie'],
  summary: '把一位同事（在职或离职）的全部客户交接给另一位同事',
  en: { summary: "Hand a colleague's clients over to a successor" },
  args: [
    { name: 'from', label: '交出人', labelEn: 'from', required: true },
    { name: 'to', label: '接替人', labelEn: 'to', required: true },
    { name: 'confirm', label: '确认', labelEn: 'confirm', required: false },
  ],
  permission: { module: 'handover', action: 'create' },
  help: '先预览将交接的客户数，再加「确认」执行。客户的负责人、未完成的提醒、商机和工单一起转给接替人，时间线记下这次交接。',
  examples: ['/交接 李雷 韩梅梅', '/交接 李雷 韩梅梅 确认', '/handover lilei hanmeimei confirm'],
  async handler(ctx, { args }) {
    const from = await findStaffByReference(ctx.actor.tenantId, args.from, true);
    const to = await findStaffByReference(ctx.actor.tenantId, args.to);
    const body = { fromStaffId: String(from._id), toStaffId: String(to._id) };
    const confirmed = CONFIRM.includes((args.confirm ?? '').trim().toLowerCase());
    if (!confirmed) {
      const plan = await ctx.services.runHandover(ctx.actor, { ...body, dryRun: true });
      const n = plan.items.length;
      if (n === 0) return { type: 'text', text: tr(ctx.lang, `${from.name} 名下没有可交接的客户。`, `${from.name} has no clients to hand over.`) };
      const names = plan.items.slice(0, PREVIEW_NAMES).map((i) => i.customerName).join('、') + (n > PREVIEW_NAMES ? ' …' : '');
      return {
        type: 'text',
        text: tr(
          ctx.lang,
          `将把 ${from.name} 的 ${n} 位客户交接给 ${to.name}：${names}\n确认请发送：/交接 ${args.from} ${args.to} 确认`,
          `${n} clients of ${from.name} would go to ${to.name}: ${names}\nTo confirm send: /handover ${args.from} ${args.to} confirm`,
        ),
      };
    }
    const done = await ctx.services.runHandover(ctx.actor, body);
    const failed = done.items.filter((i) => i.status === 'failed' || i.status === 'pending');
    const failures = failed.map((i) => `${i.customerName}：${i.reason ?? i.status}`).join('\n');
    const waiting = done.counts.waiting ?? 0;
    return {
      type: 'text',
      text: tr(
        ctx.lang,
        `✅ 已把 ${from.name} 的 ${done.counts.moved ?? 0} 位客户交接给 ${to.name}` +
          (waiting ? `\n${waiting} 位等待客户在企业微信确认（24 小时内自动接替，除非客户拒绝）` : '') +
          (failed.length ? `\n${failed.length} 位未完成：\n${failures}` : ''),
        `✅ ${done.counts.moved ?? 0} clients of ${from.name} now belong to ${to.name}` +
          (waiting ? `\n${waiting} wait for the client on WeCom (taken over within 24 h unless they refuse)` : '') +
          (failed.length ? `\n${failed.length} not done:\n${failures}` : ''),
      ),
    };
  },
});
