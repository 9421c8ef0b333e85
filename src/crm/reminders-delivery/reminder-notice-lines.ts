import { DateTime } from 'luxon';

/**
 * What a reminder says in chat, as plain lines (no markup): each channel's renderer decides how a
 * notice is shown.
 */
export function reminderNoticeLines(input: {
  text: string;
  dueAt: Date;
  timezone: string;
  customer: { name: string; code: string } | null;
  origin: string;
}): string[] {
  const when = DateTime.fromJSDate(input.dueAt, { zone: input.timezone }).toFormat('M月d日 HH:mm');
  const lines = [`⏰ 提醒：${input.text}`];
  if (input.customer) lines.push(`客户：${input.customer.name}（${input.customer.code}）`);
  lines.push(`时间：${when}`);
  if (input.origin === 'contact_cycle') lines.push('（按联系周期自动提醒）');
  if (input.origin === 'contract_end') lines.push('（合同到期自动提醒）');
  if (input.origin === 'automation') lines.push('（自动化规则）');
  if (input.origin === 'care_cycle') lines.push('（售后关怀周期）');
  if (input.origin === 'installment_due' || input.origin === 'installment_overdue') lines.push('（按回款计划自动提醒）');
  if (input.origin === 'ticket_sla') lines.push('（工单超时自动提醒）');
  return lines;
}
