import { expect, test } from 'vitest';
import {
  contains,
  dayContaining,
  nextPeriod,
  periodsEndingWith,
  previousPeriod,
  weekContaining,
} from '../../src/crm/digests/period.js';

test('23:30 in Shanghai belongs to that Shanghai day, although it is 15:30 UTC', () => {
  const instant = new Date('2025-03-14T15:30:00Z'); // 2025-03-14 23:30 +08:00
  const day = dayContaining(instant, 'Asia/Shanghai');
  expect(day.key).toBe('2025-03-14');
  expect(day.start.toISOString()).toBe('2025-03-13T16:00:00.000Z');
  expect(day.end.toISOString()).toBe('2025-03-14T16:00:00.000Z');
  expect(contains(day, instant)).toBe(true);
});

test('00:10 Shanghai time is the next Shanghai day although UTC still says the previous one', () => {
  const instant = new Date('2025-03-14T16:10:00Z');
  expect(dayContaining(instant).key).toBe('2025-03-15');
  expect(dayContaining(instant, 'UTC').key).toBe('2025-03-14');
});

test('weeks start on Monday 00:00 local time; Sunday 23:59 is still the same week', () => {
  const sundayLate = new Date('2025-03-16T15:59:00Z'); // Sun 2025-03-16 23:59 Shanghai
  const week = weekContaining(sundayLate, 'Asia/Shanghai');
  expect(week.key).toBe('2025-W11');
  expect(week.start.toISOString()).toBe('2025-03-09T16:00:00.000Z'); // Mon 03-10 00:00 +08
  expect(week.end.toISOString()).toBe('2025-03-16T16:00:00.000Z');
  const mondayEarly = new Date('2025-03-16T16:00:00Z'); // Mon 03-17 00:00 Shanghai
  expect(weekContaining(mondayEarly).key).toBe('2025-W12');
});

test('previous and next periods; ISO week-year at the year boundary', () => {
  const day = dayContaining(new Date('2025-03-01T02:00:00Z'));
  expect(previousPeriod(day).key).toBe('2025-02-28');
  expect(nextPeriod(day).key).toBe('2025-03-02');
  // 2024-12-30 (a Monday) starts ISO week 1 of 2025.
  const week = weekContaining(new Date('2024-12-31T04:00:00Z'));
  expect(week.key).toBe('2025-W01');
  expect(previousPeriod(week).key).toBe('2024-W52');
  expect(previousPeriod(week).end).toEqual(week.start);
});

test('a DST day in New York is 23 hours long and still one day', () => {
  const day = dayContaining(new Date('2025-03-09T12:00:00Z'), 'America/New_York');
  expect(day.key).toBe('2025-03-09');
  expect(day.end.getTime() - day.start.getTime()).toBe(23 * 3600_000);
  expect(nextPeriod(day).start).toEqual(day.end);
});

test('eight consecutive weeks ending with the current one, oldest first', () => {
  const weeks = periodsEndingWith(weekContaining(new Date('2025-03-14T04:00:00Z')), 8);
  expect(weeks.map((w) => w.key)).toEqual([
    '2025-W04', '2025-W05', '2025-W06', '2025-W07', '2025-W08', '2025-W09', '2025-W10', '2025-W11',
  ]);
  for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.start).toEqual(weeks[i - 1]!.end);
});

test('an unknown time zone is a clear error', () => {
  expect(() => dayContaining(new Date(), 'Mars/Olympus')).toThrow(/unknown time zone/);
});
