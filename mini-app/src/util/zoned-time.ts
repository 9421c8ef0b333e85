/** Calendar arithmetic in the tenant's time zone (not the device's), with Intl only. */

import type { Messages } from '../i18n/zh-CN.js';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** The instant when the wall clock in `timeZone` shows the given local time. */
export function zonedToInstant(p: ZonedParts, timeZone: string): Date {
  const wanted = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  let t = wanted;
  // Two corrections settle the offset, including across a DST change.
  for (let i = 0; i < 2; i++) {
    const seen = zonedParts(new Date(t), timeZone);
    t += wanted - Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
  }
  return new Date(t);
}

export type NextContact = 'tomorrow' | 'in3Days' | 'nextMonday';

/** The next-contact choices offered as chips; `none` adds "no next contact" at the end. */
export function nextContactOptions(
  m: Messages,
  { none }: { none: boolean },
): { value: NextContact | 'none'; label: string }[] {
  const options: { value: NextContact | 'none'; label: string }[] = [
    { value: 'tomorrow', label: m.followUp.nextTomorrow },
    { value: 'in3Days', label: m.followUp.nextIn3Days },
    { value: 'nextMonday', label: m.followUp.nextMonday },
  ];
  if (none) options.push({ value: 'none', label: m.followUp.nextNone });
  return options;
}

/** 明天 / 3天后 / 下周一 at 09:00 tenant time. 下周一 from a Monday is seven days later. */
export function nextContactAt(kind: NextContact, now: Date, timeZone: string, hour = 9): Date {
  const today = zonedParts(now, timeZone);
  const base = Date.UTC(today.year, today.month - 1, today.day);
  const weekday = new Date(base).getUTCDay(); // 0 = Sunday
  const days = kind === 'tomorrow' ? 1 : kind === 'in3Days' ? 3 : ((8 - weekday) % 7 || 7);
  const d = new Date(base + days * 86_400_000);
  return zonedToInstant(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute: 0 },
    timeZone,
  );
}

/** Whole calendar days from today to `date`, in the tenant's zone (negative = past). */
export function calendarDaysFromToday(date: Date, now: Date, timeZone: string): number {
  const a = zonedParts(now, timeZone);
  const b = zonedParts(date, timeZone);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** A calendar day in the tenant's zone, `offset` days from today, with its weekday (0 = Sunday). */
export interface ZonedDay {
  offset: number;
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Weeks (Monday first) after this one: 0 this week, 1 next week … */
  week: number;
}

export function upcomingDays(now: Date, timeZone: string, count: number): ZonedDay[] {
  const today = zonedParts(now, timeZone);
  const base = Date.UTC(today.year, today.month - 1, today.day);
  const mondayOffset = (new Date(base).getUTCDay() + 6) % 7;
  return Array.from({ length: count }, (_, offset) => {
    const d = new Date(base + offset * 86_400_000);
    return {
      offset,
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: d.getUTCDay(),
      week: Math.floor((mondayOffset + offset) / 7),
    };
  });
}

/** The instant of `day` at hour:minute tenant time. */
export function dayAt(day: { year: number; month: number; day: number }, hour: number, minute: number, timeZone: string): Date {
  return zonedToInstant({ year: day.year, month: day.month, day: day.day, hour, minute }, timeZone);
}
