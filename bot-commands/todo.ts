import { closedStageKeys } from '../src/crm/digests/digest-helpers.js';
import { dayContaining } from '../src/crm/digests/period.js';
import { listOverdueCustomers } from '../src/crm/digests/queries/list-overdue-customers.js';
import { defineCommand } from './framework/command-spec.js';
import type { CrmServices } from './support/crm-services.js';
import { tr, type ReplyLanguage } from './framework/reply-language.js';
import { formatClock, formatInstant } from './support/format-when.js';

const MAX_LINES = 15;

function capped(lines: string[], lang: ReplyLanguage): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), tr(lang, `…还有 ${lines.length - MAX_LINES} 项`, `… and ${lines.length - MAX_LINES} more`)] : lines;
}

export const todoCommand = defineCommand<never, CrmServices>({
  name: 'todo',
  aliases: ['待办', '今日待办', 'today', 'due'],
  pinyin: ['daiban', 'db', 'jinridaiban', 'jrdb'],
  summary: '我今天要跟进的客户和提醒',
  en: { summary: 'Whom and what I follow up today' },
  args: [],
  permission: 'everyone',
  help: '列出你负责的客户中今天到期和已逾期的跟进（已成交/流失的不算），以及你今天到期和逾期的提醒。',
  examples: ['/待办', '/todo'],
  async handler(ctx) {
    const zone = ctx.tenantTimeZone;
    const lang = ctx.lang;
    const { start, end } = dayContaining(ctx.now, zone);
    const stages = await ctx.services.getTenantStages(ctx.actor.tenantId);
    const closed = closedStageKeys(stages);
    const [due, reminders] = await Promise.all([
      listOverdueCustomers(ctx.actor.tenantId, end, [ctx.actor.staffId], closed),
      ctx.services.listReminders(ctx.actor, { status: 'open', dueBefore: new Date(end.getTime() - 1), limit: 100 }),
    ]);
    const overdue = due.filter((c) => c.nextFollowUpAt < start);
    const today = due.filter((c) => c.nextFollowUpAt >= start);
    // Today's items by their time; earlier days with their date and time.
    const when = (d: Date | string) =>
      new Date(d) >= start ? formatClock(d, zone) : formatInstant(d, zone, ctx.now, { lang });
    const lines: string[] = [];
    if (overdue.length) {
      lines.push(
        tr(lang, `⏰ 逾期跟进（${overdue.length}）`, `⏰ Overdue follow-ups (${overdue.length})`),
        ...capped(overdue.map((c) => tr(lang, `${c.name}（${c.code}）应于 ${when(c.nextFollowUpAt)}`, `${c.name} (${c.code}) due ${when(c.nextFollowUpAt)}`)), lang),
      );
    }
    if (today.length) {
      lines.push(
        tr(lang, `📅 今天跟进（${today.length}）`, `📅 Follow up today (${today.length})`),
        ...capped(today.map((c) => tr(lang, `${when(c.nextFollowUpAt)} ${c.name}（${c.code}）`, `${when(c.nextFollowUpAt)} ${c.name} (${c.code})`)), lang),
      );
    }
    if (reminders.length) {
      lines.push(
        tr(lang, `🔔 提醒（${reminders.length}）`, `🔔 Reminders (${reminders.length})`),
        ...capped(
          reminders.map((r) => {
            const late = new Date(r.dueAt) < ctx.now ? tr(lang, '（已过）', ' (passed)') : '';
            return `${when(r.dueAt)}${late} ${r.text}${r.customerName ? ` · ${r.customerName}` : ''}`;
          }),
          lang,
        ),
      );
    }
    const total = due.length + reminders.length;
    return {
      type: 'card',
      card: {
        title: total ? tr(lang, `今天的待办（${total}）`, `To do today (${total})`) : tr(lang, '今天没有待办 🎉', 'Nothing to do today 🎉'),
        fields: [],
        lines: total ? lines : [tr(lang, '没有到期的跟进和提醒。', 'No follow-ups or reminders due.')],
        footer: total ? tr(lang, '记录跟进：/跟进 <客户> <内容>', 'Log a follow-up: /log <customer> <note>') : undefined,
      },
    };
  },
});
