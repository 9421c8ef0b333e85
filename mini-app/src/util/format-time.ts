import type { Messages } from '../i18n/zh-CN.js';
import { calendarDaysFromToday } from './zoned-time.js';

// Building an Intl.DateTimeFormat is far slower than using one, and a timeline formats dozens of
// dates per render: keep one per kind, language and zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: string, lang: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${lang}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "今天 14:30", "明天 09:00", "3月5日 10:00", "2023年3月5日" — in the tenant's zone. */
export function formatWhen(iso: string, lang: string, timeZone: string, m: Messages, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = formatter('time', lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  const days = calendarDaysFromToday(date, now, timeZone);
  if (days === 0) return `${m.time.today} ${time}`;
  if (days === 1) return `${m.time.tomorrow} ${time}`;
  if (days === -1) return `${m.time.yesterday} ${time}`;
  const year = formatter('year', 'en', timeZone, { year: 'numeric' });
  const sameYear = year.format(date) === year.format(now);
  const day = sameYear
    ? formatter('day', lang, timeZone, { month: 'short', day: 'numeric' })
    : formatter('date', lang, timeZone, { month: 'short', day: 'numeric', year: 'numeric' });
  return sameYear ? `${day.format(date)} ${time}` : day.format(date);
}
