import { DateTime } from 'luxon';

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** "5月19日（周二）09:00" in the tenant zone; the year only when it is not this year. */
export function formatInstant(instant: Date | string | null | undefined, zone: string, now: Date, options: { time?: boolean } = {}): string {
  if (!instant) return '—';
  const dt = DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone });
  const thisYear = DateTime.fromJSDate(now, { zone }).year;
  const date = `${dt.year === thisYear ? '' : `${dt.year}年`}${dt.month}月${dt.day}日（${WEEKDAYS[dt.weekday]}）`;
  return options.time === false ? date : `${date}${dt.toFormat('HH:mm')}`;
}

/** "5/12" for compact lists. */
export function formatShortDate(instant: Date | string, zone: string): string {
  const dt = DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone });
  return `${dt.month}/${dt.day}`;
}
