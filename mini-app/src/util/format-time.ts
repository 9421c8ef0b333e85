import type { Messages } from '../i18n/zh-CN.js';
import { calendarDaysFromToday } from './zoned-time.js';

/** "今天 14:30", "明天 09:00", "3月5日 10:00", "2023年3月5日" — in the tenant's zone. */
export function formatWhen(iso: string, lang: string, timeZone: string, m: Messages, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    date,
  );
  const days = calendarDaysFromToday(date, now, timeZone);
  if (days === 0) return `${m.time.today} ${time}`;
  if (days === 1) return `${m.time.tomorrow} ${time}`;
  if (days === -1) return `${m.time.yesterday} ${time}`;
  const sameYear =
    new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(date) ===
    new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now);
  const day = new Intl.DateTimeFormat(lang, {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
  return sameYear ? `${day} ${time}` : day;
}
