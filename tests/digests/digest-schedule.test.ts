import { expect, test } from 'vitest';
import { DEFAULT_SCHEDULES, dueDigest, latestOccurrence, parseDigestSchedule } from '../../src/crm/digests/digest-schedule.js';

const SH = 'Asia/Shanghai';

test('schedules avoid :00 and :30 and need a valid time and weekdays', () => {
  expect(() => parseDigestSchedule('daily', { time: '18:00', weekdays: [1] })).toThrow(/invalid digest schedule/);
  expect(() => parseDigestSchedule('daily', { time: '08:30', weekdays: [1] })).toThrow();
  expect(() => parseDigestSchedule('daily', { time: '24:05', weekdays: [1] })).toThrow();
  expect(() => parseDigestSchedule('daily', { time: '18:05', weekdays: [] })).toThrow();
  expect(() => parseDigestSchedule('daily', { time: '18:05', weekdays: [8] })).toThrow();
  expect(() => parseDigestSchedule('weekly', { time: '09:05', weekdays: [1, 5] })).toThrow(/exactly one weekday/);
  expect(parseDigestSchedule('daily', { time: '18:05', weekdays: [5, 1, 1] })).toEqual({ time: '18:05', weekdays: [1, 5] });
});

test('the latest occurrence is found in the tenant zone, not UTC', () => {
  // Friday 2025-03-14 18:04 Shanghai = 10:04 UTC: today's 18:05 has not happened yet.
  expect(latestOccurrence(DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T10:04:59Z'))?.toISOString()).toBe(
    '2025-03-13T10:05:00.000Z',
  );
  expect(latestOccurrence(DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T10:05:00Z'))?.toISOString()).toBe(
    '2025-03-14T10:05:00.000Z',
  );
  // Weekly Monday 09:05: on Friday the latest is this Monday's.
  expect(latestOccurrence(DEFAULT_SCHEDULES.weekly, SH, new Date('2025-03-14T10:05:00Z'))?.toISOString()).toBe(
    '2025-03-10T01:05:00.000Z',
  );
});

test('a daily digest at 18:05 is due for that Shanghai day and stays due for the catch-up window only', () => {
  // At 18:04 yesterday's run is a day old: far past its catch-up window, nothing is due.
  expect(dueDigest('daily', DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T10:04:00Z'))).toBeNull();
  const due = dueDigest('daily', DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T10:05:00Z'));
  expect(due?.period.key).toBe('2025-03-14');
  expect(due?.scheduledFor.toISOString()).toBe('2025-03-14T10:05:00.000Z');
  // Instances down until 23:05 Shanghai: still sent for 2025-03-14; a minute later it is stale.
  expect(dueDigest('daily', DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T15:05:00Z'))?.period.key).toBe('2025-03-14');
  expect(dueDigest('daily', DEFAULT_SCHEDULES.daily, SH, new Date('2025-03-14T15:06:00Z'))).toBeNull();
});

test('the weekly digest on Monday 09:05 reports on the whole previous week', () => {
  const due = dueDigest('weekly', DEFAULT_SCHEDULES.weekly, SH, new Date('2025-03-17T01:05:00Z'));
  expect(due?.period.key).toBe('2025-W11');
  expect(due?.period.start.toISOString()).toBe('2025-03-09T16:00:00.000Z');
  expect(due?.period.end.toISOString()).toBe('2025-03-16T16:00:00.000Z');
  expect(dueDigest('weekly', DEFAULT_SCHEDULES.weekly, SH, new Date('2025-03-17T01:04:00Z'))).toBeNull();
});

test('a weekday-only morning list is not due on Sunday', () => {
  const workdays = parseDigestSchedule('morning', { time: '09:05', weekdays: [1, 2, 3, 4, 5] });
  expect(dueDigest('morning', workdays, SH, new Date('2025-03-16T01:10:00Z'))).toBeNull();
  expect(dueDigest('morning', workdays, SH, new Date('2025-03-17T01:10:00Z'))?.period.key).toBe('2025-03-17');
});
