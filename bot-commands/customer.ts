import type { Card, CardButton } from '../src/messaging/outbound-message.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { formatInstant, formatShortDate } from './support/format-when.js';
import { stageName } from './support/stage-names.js';
import { ticketLine } from './support/ticket-line.js';

const CONTENT_PREVIEW = 60;
const OPEN_TICKET_LINES = 3;

/** 高 72%（40 天未联系、跟进频率下降）: the level, the probability and what raises it. */
function churnLine(churn: { level: string; probability: number; reasons: { text: string; effect: string }[] }): string {
  const up = churn.reasons.filter((r) => r.effect === 'up').map((r) => r.text);
  return `${churn.level} ${Math.round(churn.probability * 100)}%${up.length ? `（${up.join('、')}）` : ''}`;
}

export const customerCommand = defineCommand<'customer', CrmServices>({
  name: 'customer',
  aliases: ['客户', 'client', 'c'],
  pinyin: ['kehu', 'kh'],
  summary: '查看客户卡片',
  en: { summary: 'Show a customer card' },
  args: [{ name: 'customer', label: '名称/手机/编号', labelEn: 'name/phone/code', required: true, rest: true }],
  permission: 'everyone',
  help: '按名称、手机号或编号（如 C00012）查找你能看到的客户，显示阶段、级别、负责人、标签、下次跟进和最近 3 条跟进。\n同名时会列出编号供你选择。',
  examples: ['/客户 张三', '/客户 13800138000', '/客户 C00012', '/customer "Zhang San"'],
  async handler(ctx, { args }) {
    const customer = await findCustomerByReference(ctx, args.customer);
    const [view, stages, followUps, openTickets, churn] = await Promise.all([
      ctx.services.toCustomerView(customer),
      ctx.services.getTenantStages(ctx.actor.tenantId),
      ctx.services.listActivities(ctx.actor, String(customer._id), { type: 'follow_up', limit: 3 }),
      ctx.services.listOpenTicketsOfCustomer(ctx.actor, customer._id, OPEN_TICKET_LINES + 1),
      ctx.services.predictCustomerChurn(ctx.actor, customer._id, ctx.now),
    ]);
    const zone = ctx.tenantTimeZone;
    const lang = ctx.lang;
    const lines = followUps.items.map((a) => {
      const content = (a.content ?? '').replace(/\s+/g, ' ');
      const short = content.length > CONTENT_PREVIEW ? `${content.slice(0, CONTENT_PREVIEW)}…` : content;
      return `${formatShortDate(a.at, zone)} ${a.author?.name ?? tr(lang, '系统', 'system')}${tr(lang, '：', ': ')}${short}`;
    });
    // An open problem comes before any pitch: the tickets lead the card's lines.
    const ticketCount = openTickets.length > OPEN_TICKET_LINES ? `${OPEN_TICKET_LINES}+` : String(openTickets.length);
    const ticketLines = openTickets.length
      ? [
          tr(lang, `🛠 未完结工单（${ticketCount}）：`, `🛠 Open tickets (${ticketCount}):`),
          ...openTickets.slice(0, OPEN_TICKET_LINES).map((t) => ticketLine(t, { lang, zone, now: ctx.now })),
        ]
      : [];
    const link = ctx.customerLink?.(view.id);
    // Buttons where the platform carries them (Feishu, Slack): log a follow-up, move to the next open stage, snooze a day.
    const current = stages.findIndex((s) => s.key === view.stage);
    const next = stages.slice(current + 1).find((s) => !s.closed) ?? (current >= 0 && !stages[current]!.closed ? stages.find((s) => s.won) : undefined);
    const buttons: CardButton[] = [
      { label: tr(lang, '记录跟进', 'Log follow-up'), action: 'log_follow_up', value: { customerId: view.id }, style: 'primary' },
      ...(next ? [{ label: tr(lang, `推进到「${next.name}」`, `Move to ${stageName(stages, next.key, 'en')}`), action: 'change_stage' as const, value: { customerId: view.id, stage: next.key } }] : []),
      { label: tr(lang, '明天再跟进', 'Follow up tomorrow'), action: 'snooze', value: { customerId: view.id, days: '1' } },
    ];
    const card: Card = {
      title: tr(lang, `${view.name}（${view.code}）`, `${view.name} (${view.code})`),
      ...(view.company ? { subtitle: view.company } : {}),
      fields: [
        { label: tr(lang, '阶段', 'Stage'), value: stageName(stages, view.stage, lang) },
        { label: tr(lang, '级别', 'Level'), value: view.level ?? '—' },
        { label: tr(lang, '负责人', 'Owner'), value: view.owner.name },
        { label: tr(lang, '标签', 'Tags'), value: view.tags.length ? view.tags.join(tr(lang, '、', ', ')) : '—' },
        { label: tr(lang, '下次跟进', 'Next follow-up'), value: formatInstant(view.nextFollowUpAt, zone, ctx.now, { lang }) },
        { label: tr(lang, '最近联系', 'Last contact'), value: formatInstant(view.lastContactAt, zone, ctx.now, { lang }) },
        ...(view.phones.length ? [{ label: tr(lang, '电话', 'Phone'), value: view.phones.join(tr(lang, '、', ', ')) }] : []),
        ...(view.rfm ? [{ label: tr(lang, '客户分群', 'Segment'), value: view.rfm.segment }] : []),
        { label: tr(lang, '流失风险', 'Churn risk'), value: churnLine(churn) },
      ],
      lines: [...ticketLines, ...(lines.length ? [tr(lang, '最近跟进：', 'Latest follow-ups:'), ...lines] : [tr(lang, '还没有跟进记录。', 'No follow-ups yet.')])],
      ...(link ? { links: [{ label: tr(lang, '打开客户详情', 'Open the customer'), url: link }] } : {}),
      buttons,
      footer: tr(lang, `记录跟进：/跟进 ${view.code} <内容>`, `Log a follow-up: /log ${view.code} <note>`),
    };
    return { type: 'card', card };
  },
});
