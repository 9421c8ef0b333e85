import { closedStageKeys } from '../src/crm/digests/digest-helpers.js';
import { dayContaining } from '../src/crm/digests/period.js';
import { listOverdueCustomers } from '../src/crm/digests/queries/list-overdue-customers.js';
import { defineCommand } from './framework/command-spec.js';
import type { CrmServices } from './support/crm-services.js';
import { formatInstant } from './support/format-when.js';

const MAX_LINES = 15;

function capped(lines: string[]): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `…还有 ${lines.length - MAX_LINES} 项`] : lines;
}

export const todoCommand = defineCommand<never, CrmServices>({
  name: 'todo',
  aliases: ['待办', '今日待办', 'today', 'due'],
  summary: '我今天要跟进的客户和提醒',
  args: [],
  permission: 'everyone',
  help: '列出你负责的客户中今天到期和已逾期的跟进（已成交/流失的不算），以及你今天到期和逾期的提醒。',
  examples: ['/待办', '/todo'],
  async handler(ctx) {
    const zone = ctx.tenantTimeZone;
    const { start, end } = dayContaining(ctx.now, zone);
    const stages = await ctx.services.getTenantStages(ctx.actor.tenantId);
    const closed = closedStageKeys(stages);
    const [due, reminders] = await Promise.all([
      listOverdueCustomers(ctx.actor.tenantId, end, [ctx.actor.staffId], closed),
      ctx.services.listReminders(ctx.actor, { status: 'open', dueBefore: new Date(end.getTime() - 1), limit: 100 }),
    ]);
    const overdue = due.filter((c) => c.nextFollowUpAt < start);
    const today = due.filter((c) => c.nextFollowUpAt >= start);
    const when = (d: Date | string) => formatInstant(d, zone, ctx.now, { time: false });
    const lines: string[] = [];
    if (overdue.length) {
      lines.push(`⏰ 逾期跟进（${overdue.length}）`, ...capped(overdue.map((c) => `${c.name}（${c.code}）应于 ${when(c.nextFollowUpAt)}`)));
    }
    if (today.length) lines.push(`📅 今天跟进（${today.length}）`, ...capped(today.map((c) => `${c.name}（${c.code}）`)));
    if (reminders.length) {
      lines.push(
        `🔔 提醒（${reminders.length}）`,
        ...capped(
          reminders.map((r) => {
            const late = new Date(r.dueAt) < ctx.now ? '（已过）' : '';
            return `${formatInstant(r.dueAt, zone, ctx.now)}${late} ${r.text}${r.customerName ? ` · ${r.customerName}` : ''}`;
          }),
        ),
      );
    }
    const total = due.length + reminders.length;
    return {
      type: 'card',
      card: {
        title: total ? `今天的待办（${total}）` : '今天没有待办 🎉',
        fields: [],
        lines: total ? lines : ['没有到期的跟进和提醒。'],
        footer: total ? '记录跟进：/跟进 <客户> <内容>' : undefined,
      },
    };
  },
});
