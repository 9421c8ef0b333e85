import { DateTime } from 'luxon';

/** The hour of the day a follow-up date picked in a card (or modal) stands for, in the tenant's zone. */
const FOLLOW_UP_HOUR = 9;

/** `YYYY-MM-DD` in the tenant's time zone → that day at 09:00 there. */
export function followUpInstant(date: string, timeZone: string): Date {
  return DateTime.fromISO(date, { zone: timeZone }).set({ hour: FOLLOW_UP_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}
