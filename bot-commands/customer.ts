import type { Card, CardButton } from '../src/messaging/outbound-message.js';
import { defineCommand } from './framework/command-spec.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant, formatShortDate } from './support/format-when.js';
import { stageName } from './support/stage-names.js';

const CONTENT_PREVIEW = 60;

export const customerCommand = defineCommand<'customer', CrmServices>({
  name: 'customer',
  aliases: ['客户', 'client', 'c'],
  summary: '查看客户卡片',
  args: [{ name: 'customer', label: '名称/手机/编号', required: true, rest: true }],
  permission: 'everyone',
  help: '按名称、手机号或编号（如 C00012）查找你能看到的客户，显示阶段、级别、负责人、标签、下次跟进和最近 3 条跟进。\n同名时会列出编号供你选择。',
  examples: ['/客户 张三', '/客户 13800138000', '/客户 C00012', '/customer "Zhang San"'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const [view, stages, followUps] = await Promise.all([
      ctx.services.toCustomerView(customer),
      ctx.services.getTenantStages(ctx.actor.tenantId),
      ctx.services.listActivities(ctx.actor, String(customer._id), { type: 'follow_up', limit: 3 }),
    ]);
    const zone = ctx.tenantTimeZone;
    const lines = followUps.items.map((a) => {
      const content = (a.content ?? '').replace(/\s+/g, ' ');
      const short = content.length > CONTENT_PREVIEW ? `${content.slice(0, CONTENT_PREVIEW)}…` : content;
      return `${formatShortDate(a.at, zone)} ${a.author?.name ?? '系统'}：${short}`;
    });
    const link = ctx.customerLink?.(view.id);
    // Buttons where the platform carries them (Feishu, Slack): log a follow-up, move to the next open stage, snooze a day.
    const current = stages.findIndex((s) => s.key === view.stage);
    const next = stages.slice(current + 1).find((s) => !s.closed) ?? (current >= 0 && !stages[current]!.closed ? stages.find((s) => s.won) : undefined);
    const buttons: CardButton[] = [
      { label: '记录跟进', action: 'log_follow_up', value: { customerId: view.id }, style: 'primary' },
      ...(next ? [{ label: `推进到「${next.name}」`, action: 'change_stage' as const, value: { customerId: view.id, stage: next.key } }] : []),
      { label: '明天再跟进', action: 'snooze', value: { customerId: view.id, days: '1' } },
    ];
    const card: Card = {
      title: `${view.name}（${view.code}）`,
      ...(view.company ? { subtitle: view.company } : {}),
      fields: [
        { label: '阶段', value: stageName(stages, view.stage) },
        { label: '级别', value: view.level ?? '—' },
        { label: '负责人', value: view.owner.name },
        { label: '标签', value: view.tags.length ? view.tags.join('、') : '—' },
        { label: '下次跟进', value: formatInstant(view.nextFollowUpAt, zone, ctx.now) },
        { label: '最近联系', value: formatInstant(view.lastContactAt, zone, ctx.now) },
        ...(view.phones.length ? [{ label: '电话', value: view.phones.join('、') }] : []),
      ],
      lines: lines.length ? ['最近跟进：', ...lines] : ['还没有跟进记录。'],
      ...(link ? { links: [{ label: '打开客户详情', url: link }] } : {}),
      buttons,
      footer: `记录跟进：/跟进 ${view.code} <内容>`,
    };
    return { type: 'card', card };
  },
});
