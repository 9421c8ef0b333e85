import { Conflict } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { ticketStatusName } from './support/ticket-line.js';

export const resolveCommand = defineCommand<'ticket' | 'note', CrmServices>({
  name: 'resolve',
  aliases: ['解决', 'solved'],
  pinyin: ['jiejue', 'jj'],
  summary: '把工单标为已解决',
  en: { summary: 'Mark a ticket resolved' },
  args: [
    { name: 'ticket', label: '工单号', labelEn: 'ticket number', required: true },
    { name: 'note', label: '处理说明', labelEn: 'what was done', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '按工单号（T-0042，也可以只写 42）把你能看到的工单标为已解决，处理说明记在客户的时间线上。',
  examples: ['/解决 T-0042 已更换滚轮', '/解决 42', '/resolve T-0042 replaced the roller'],
  async handler(ctx, { args }) {
    const lang = ctx.lang;
    const ticket = await ctx.services.findTicketByNumber(ctx.actor, args.ticket);
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      throw new Conflict(
        tr(lang, `工单 ${ticket.number} 已经是「${ticketStatusName(ticket.status, lang)}」了。`, `Ticket ${ticket.number} is already ${ticketStatusName(ticket.status, lang)}.`),
      );
    }
    const note = args.note.trim().slice(0, 2000);
    const resolved = await ctx.services.changeTicketStatus(ctx.actor, ticket._id, { status: 'resolved', ...(note ? { note } : {}) }, ctx.now);
    return {
      type: 'text',
      text: [
        tr(lang, `✅ 工单 ${resolved.number} 已解决：${resolved.title}`, `✅ Ticket ${resolved.number} resolved: ${resolved.title}`),
        ...(note ? [tr(lang, `处理说明：${note}`, `Note: ${note}`)] : []),
      ].join('\n'),
    };
  },
});
