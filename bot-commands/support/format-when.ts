import { DateTime } from 'luxon';
import type { ReplyLanguage } from '../framework/reply-language.js';

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * "5月19日（周二）09:00" in the tenant zone ("Tue, May 19 09:00" in English); the year only when
 * it is not this year.
 */
export function formatInstant(
  instant: Date | string | null | undefined,
  zone: string,
  now: Date,
  options: { time?: boolean; lang?: ReplyLanguage } = {},
): string {
  if (!instant) return '—';
  const dt = DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone });
  const thisYear = DateTime.fromJSDate(now, { zone }).year;
  const time = options.time === false ? '' : dt.toFormat('HH:mm');
  if (options.lang === 'en') {
    const date = dt.setLocale('en').toFormat(dt.year === thisYear ? 'ccc, LLL d' : 'ccc, LLL d yyyy');
    return time ? `${date} ${time}` : date;
  }
  const date = `${dt.year === thisYear ? '' : `${dt.year}年`}${dt.month}月${dt.day}日（${WEEKDAYS[dt.weekday]}）`;
  return `${date}${time}`;
}

/** "5/12" for compact lists. */
export function formatShortDate(instant: Date | string, zone: string): string {
  const dt = DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone });
  return `${dt.month}/${dt.day}`;
}

/** "09:30" in the tenant zone. */
export function formatClock(instant: Date | string, zone: string): string {
  return DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone }).toFormat('HH:mm');
}
