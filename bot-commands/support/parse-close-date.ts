import { DateTime } from 'luxon';
import { foldWidth } from '../framework/fold-width.js';
import { parseWhen } from '../framework/dates/parse-when.js';

/** Period ends people give as a close date: 月底 (this month's last day), 下月底, 季度末, 年底… */
const PERIOD_ENDS: Record<string, (today: DateTime) => DateTime> = {
  月底: (t) => t.endOf('month'),
  本月底: (t) => t.endOf('month'),
  这个月底: (t) => t.endOf('month'),
  月末: (t) => t.endOf('month'),
  下月底: (t) => t.plus({ months: 1 }).endOf('month'),
  下个月底: (t) => t.plus({ months: 1 }).endOf('month'),
  季度末: (t) => t.endOf('quarter'),
  季末: (t) => t.endOf('quarter'),
  季度底: (t) => t.endOf('quarter'),
  年底: (t) => t.endOf('year'),
  年末: (t) => t.endOf('year'),
  'end of month': (t) => t.endOf('month'),
  'end of quarter': (t) => t.endOf('quarter'),
  'end of year': (t) => t.endOf('year'),
};

/** An expected close date as typed in a command (月底, 下周五, 12月20日, 2026-12-31) → YYYY-MM-DD, or null. */
export function parseCloseDate(text: string, opts: { now: Date; timeZone: string }): string | null {
  const key = foldWidth(text).trim().toLowerCase();
  const end = PERIOD_ENDS[key];
  if (end) return end(DateTime.fromJSDate(opts.now, { zone: opts.timeZone })).toISODate();
  return parseWhen(text, opts)?.date ?? null;
}
