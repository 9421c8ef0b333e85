import { DateTime } from 'luxon';
import { InvalidInput } from '../../errors.js';

export type PeriodUnit = 'day' | 'week';

/** A calendar day or ISO week (Monday first) in one time zone; `end` is exclusive. */
export interface Period {
  unit: PeriodUnit;
  timezone: string;
  /** '2025-03-14' for a day, '2025-W11' for a week (ISO week-numbering year). */
  key: string;
  start: Date;
  end: Date;
}

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

function zoned(instant: Date, timezone: string): DateTime {
  const dt = DateTime.fromJSDate(instant, { zone: timezone });
  if (!dt.isValid) throw new InvalidInput(`unknown time zone: ${timezone}`);
  return dt;
}

function fromStart(unit: PeriodUnit, start: DateTime): Period {
  const end = start.plus(unit === 'day' ? { days: 1 } : { weeks: 1 });
  return {
    unit,
    timezone: start.zoneName ?? DEFAULT_TIMEZONE,
    key: unit === 'day' ? start.toFormat('yyyy-MM-dd') : start.toFormat("kkkk-'W'WW"),
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}

/** The local day containing an instant: 23:30 in Shanghai belongs to that Shanghai day, not the UTC one. */
export function dayContaining(instant: Date, timezone = DEFAULT_TIMEZONE): Period {
  return fromStart('day', zoned(instant, timezone).startOf('day'));
}

/** The local week (Monday 00:00 to the next Monday 00:00) containing an instant. */
export function weekContaining(instant: Date, timezone = DEFAULT_TIMEZONE): Period {
  // luxon's startOf('week') is ISO: weeks start on Monday whatever the locale.
  return fromStart('week', zoned(instant, timezone).startOf('week'));
}

/** Calendar arithmetic in the zone, so a DST day of 23 or 25 hours is still one day. */
export function shiftPeriod(period: Period, by: number): Period {
  const start = zoned(period.start, period.timezone).plus(period.unit === 'day' ? { days: by } : { weeks: by });
  return fromStart(period.unit, start);
}

export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

export function nextPeriod(period: Period): Period {
  return shiftPeriod(period, 1);
}

/** The `count` periods ending with `last`, oldest first (e.g. an 8-week trend). */
export function periodsEndingWith(last: Period, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(last, i - count + 1));
}

export function contains(period: Period, instant: Date): boolean {
  const t = instant.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}
