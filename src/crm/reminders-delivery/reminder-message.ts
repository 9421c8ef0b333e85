import { DateTime } from 'luxon';
import type { MessageBody } from '../../messaging/outbound-message.js';

/**
 * What a reminder says in chat. Plain text: it reads the same in every client (WeCom markdown is
 * not rendered in WeChat or 微工作台), and a reminder is short.
 */
export function reminderMessageBody(input: {
  text: string;
  dueAt: Date;
  timezone: string;
  customer: { name: string; code: string } | null;
  origin: string;
}): MessageBody {
  const when = DateTime.fromJSDate(input.dueAt, { zone: input.timezone }).toFormat('M月d日 HH:mm');
  const lines = [`⏰ 提醒：${input.text}`];
  if (input.customer) lines.push(`客户：${input.customer.name}（${input.customer.code}）`);
  lines.push(`时间：${when}`);
  if (input.origin === 'contact_cycle') lines.push('（按联系周期自动提醒）');
  return { type: 'text', text: lines.join('\n') };
}
