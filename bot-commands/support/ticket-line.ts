import { OPEN_TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../src/crm/models/ticket.js';
import { tr, type ReplyLanguage } from '../framework/reply-language.js';
import { formatInstant } from './format-when.js';

const STATUS: Record<TicketStatus, [string, string]> = {
  new: ['新建', 'new'],
  in_progress: ['处理中', 'in progress'],
  awaiting_customer: ['待客户确认', 'awaiting customer'],
  resolved: ['已解决', 'resolved'],
  closed: ['已关闭', 'closed'],
};

const PRIORITY: Record<TicketPriority, [string, string]> = {
  urgent: ['紧急', 'urgent'],
  high: ['高', 'high'],
  normal: ['普通', 'normal'],
  low: ['低', 'low'],
};

export function ticketStatusName(status: string, lang: ReplyLanguage): string {
  const names = STATUS[status as TicketStatus];
  return names ? tr(lang, ...names) : status;
}

export function ticketPriorityName(priority: string, lang: ReplyLanguage): string {
  const names = PRIORITY[priority as TicketPriority];
  return names ? tr(lang, ...names) : priority;
}

/** A priority the user typed as the first word (紧急, 高, urgent…), or null. */
export function priorityFromWord(word: string): TicketPriority | null {
  const w = word.trim().toLowerCase();
  for (const [key, [zh, en]] of Object.entries(PRIORITY) as [TicketPriority, [string, string]][]) {
    if (w === zh || w === en) return key;
  }
  return null;
}

/** One short line per ticket: "T-0042 打印机卡纸 · 处理中 · 紧急 · 逾期（应于 …）". */
export function ticketLine(
  t: { number: string; title: string; status: string; priority: string; dueAt: Date },
  opts: { lang: ReplyLanguage; zone: string; now: Date; customer?: string },
): string {
  const { lang, zone, now } = opts;
  const open = (OPEN_TICKET_STATUSES as readonly string[]).includes(t.status);
  const due = formatInstant(t.dueAt, zone, now, { lang });
  const when = open && t.dueAt < now ? tr(lang, `⚠️ 已超时（应于 ${due}）`, `⚠️ overdue (due ${due})`) : tr(lang, `应于 ${due}`, `due ${due}`);
  const parts = [
    `${t.number} ${t.title}`,
    ...(opts.customer ? [opts.customer] : []),
    ticketStatusName(t.status, lang),
    ...(t.priority !== 'normal' ? [ticketPriorityName(t.priority, lang)] : []),
    ...(open ? [when] : []),
  ];
  return parts.join(' · ');
}
