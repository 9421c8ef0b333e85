import { describe, expect, test } from 'vitest';
import { calendarDaysFromToday, nextContactAt, zonedToInstant } from '../../mini-app/src/util/zoned-time.js';

// The sidebar's 明天 / 3天后 / 下周一 shortcuts are computed in the browser, in the tenant's zone.
describe('next-contact shortcuts (tenant time zone, not the device zone)', () => {
  const shanghai = 'Asia/Shanghai';

  test('明天 and 3天后 land at 09:00 Shanghai time, counted from the Shanghai date', () => {
    // 2025-03-14 23:30 in Shanghai is still the 14th there (15:30 UTC).
    const now = new Date('2025-03-14T15:30:00Z');
    expect(nextContactAt('tomorrow', now, shanghai).toISOString()).toBe('2025-03-15T01:00:00.000Z');
    expect(nextContactAt('in3Days', now, shanghai).toISOString()).toBe('2025-03-17T01:00:00.000Z');
    // 00:30 on the 15th in Shanghai is 16:30 UTC on the 14th: tomorrow is the 16th.
    expect(nextContactAt('tomorrow', new Date('2025-03-14T16:30:00Z'), shanghai).toISOString()).toBe('2025-03-16T01:00:00.000Z');
  });

  test('下周一 is the next Monday, a full week ahead when today is Monday', () => {
    const at = (iso: string) => nextContactAt('nextMonday', new Date(iso), shanghai).toISOString();
    expect(at('2025-03-12T04:00:00Z')).toBe('2025-03-17T01:00:00.000Z'); // Wednesday → next Monday
    expect(at('2025-03-16T04:00:00Z')).toBe('2025-03-17T01:00:00.000Z'); // Sunday → tomorrow
    expect(at('2025-03-17T04:00:00Z')).toBe('2025-03-24T01:00:00.000Z'); // Monday → a week later
    expect(at('2025-03-15T20:00:00Z')).toBe('2025-03-17T01:00:00.000Z'); // Sat 20:00 UTC = Sun 04:00 Shanghai
  });

  test('daylight saving changes keep the wall-clock hour', () => {
    const ny = 'America/New_York';
    // DST starts 2025-03-09 in New York: 09:00 is 13:00 UTC before and 13:00 → 13:00 UTC after (EDT = UTC-4).
    expect(nextContactAt('tomorrow', new Date('2025-03-08T15:00:00Z'), ny).toISOString()).toBe('2025-03-09T13:00:00.000Z');
    expect(nextContactAt('tomorrow', new Date('2025-03-07T15:00:00Z'), ny).toISOString()).toBe('2025-03-08T14:00:00.000Z');
    expect(zonedToInstant({ year: 2025, month: 11, day: 2, hour: 9, minute: 0 }, ny).toISOString()).toBe('2025-11-02T14:00:00.000Z');
  });

  test('calendar days are counted in the zone', () => {
    const now = new Date('2025-03-14T15:30:00Z'); // 23:30 on the 14th in Shanghai
    expect(calendarDaysFromToday(new Date('2025-03-14T16:30:00Z'), now, shanghai)).toBe(1);
    expect(calendarDaysFromToday(new Date('2025-03-13T16:00:00Z'), now, shanghai)).toBe(0);
    expect(calendarDaysFromToday(new Date('2025-03-13T15:59:00Z'), now, shanghai)).toBe(-1);
  });
});
