import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { priorityFromWord, ticketLine, ticketPriorityName } from './support/ticket-line.js';
import { formatInstant } from './support/format-when.js';

const MAX_LINES = 15;

export const ticketCommand = defineCommand<'customer' | 'problem', CrmServices>({
  name: 'ticket',
  aliases: ['工单', 'tickets', 'issue'],
  pinyin: ['gongdan', 'gd'],
  summary: '开服务工单，或看我的工单',
  en: { summary: 'Open a service ticket, or list mine', usage: '/ticket [customer [urgent|high|low] problem]' },
  usage: '/工单 [客户 [紧急|高|低] 问题]',
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: false },
    { name: 'problem', label: '问题', labelEn: 'problem', required: false, rest: true },
  ],
  permission: 'everyone',
  help:
    '不带参数：列出分配给我的未完结工单（超时的标出来）。只写客户：列出该客户的未完结工单。' +
    '写上客户和问题：为该客户开一张工单，分配给你，按公司的 SLA 设定到期时间；问题前可写优先级（紧急、高、低）。',
  examples: ['/工单', '/工单 张三 打印机卡纸', '/工单 C00012 紧急 服务器宕机', '/ticket "Zhang San" printer jam'],
  async handler(ctx, { args }) {
    const lang = ctx.lang;
    const zone = ctx.tenantTimeZone;
    const line = (t: Parameters<typeof ticketLine>[0], customer?: string) => ticketLine(t, { lang, zone, now: ctx.now, customer });

    if (!args.customer) {
      const { items } = await ctx.services.listTickets(ctx.actor, { status: 'open', assigneeId: String(ctx.actor.staffId), limit: 50 });
      if (items.length === 0) return { type: 'text', text: tr(lang, '你没有未完结的工单。开工单：/工单 <客户> <问题>', 'You have no open tickets. Open one: /ticket <customer> <problem>') };
      // Most pressing first: the earliest due.
      const sorted = [...items].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      const overdue = sorted.filter((t) => t.dueAt < ctx.now).length;
      const shown = sorted.slice(0, MAX_LINES).map((t, i) => `${i + 1}. ${line(t)}`);
      return {
        type: 'text',
        text: [
          tr(lang, `我的未完结工单（${items.length}${overdue ? `，超时 ${overdue}` : ''}）：`, `My open tickets (${items.length}${overdue ? `, ${overdue} overdue` : ''}):`),
          ...shown,
          ...(items.length > MAX_LINES ? [tr(lang, `…还有 ${items.length - MAX_LINES} 张`, `… and ${items.length - MAX_LINES} more`)] : []),
          tr(lang, '解决：/解决 <工单号> <处理说明>', 'Resolve: /resolve <number> <note>'),
        ].join('\n'),
      };
    }

    const customer = await findCustomerByReference(ctx, args.customer);
    const who = tr(lang, `${customer.name}（${customer.code}）`, `${customer.name} (${customer.code})`);
    const words = args.problem.trim().split(/\s+/).filter(Boolean);
    const priority = words.length > 1 ? priorityFromWord(words[0]!) : null;
    const title = (priority ? args.problem.trim().slice(words[0]!.length) : args.problem).trim();
    if (!title) {
      const open = await ctx.services.listOpenTicketsOfCustomer(ctx.actor, customer._id);
      if (open.length === 0) {
        return { type: 'text', text: tr(lang, `${who}没有未完结的工单。开工单：/工单 ${customer.code} <问题>`, `${who} has no open tickets. Open one: /ticket ${customer.code} <problem>`) };
      }
      return { type: 'text', text: [tr(lang, `${who}的未完结工单：`, `Open tickets of ${who}:`), ...open.map((t) => `· ${line(t)}`)].join('\n') };
    }
    const ticket = await ctx.services.createTicket(
      ctx.actor,
      { customerId: String(customer._id), title: title.slice(0, 200), ...(priority ? { priority } : {}) },
      ctx.now,
    );
    return {
      type: 'text',
      text: [
        tr(lang, `✅ 已开工单 ${ticket.number}：${ticket.title}`, `✅ Ticket ${ticket.number} opened: ${ticket.title}`),
        tr(lang, `客户：${who}`, `Customer: ${who}`),
        tr(lang, `优先级：${ticketPriorityName(ticket.priority, lang)} · 应于 ${formatInstant(ticket.dueAt, zone, ctx.now, { lang })} 前解决`, `Priority: ${ticketPriorityName(ticket.priority, lang)} · due ${formatInstant(ticket.dueAt, zone, ctx.now, { lang })}`),
        tr(lang, `解决后：/解决 ${ticket.number} <处理说明>`, `When done: /resolve ${ticket.number} <note>`),
      ].join('\n'),
    };
  },
});
