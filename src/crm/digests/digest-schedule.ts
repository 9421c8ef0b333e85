import { DateTime } from 'luxon';
import { z } from 'zod';
import { InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { dayContaining, previousPeriod, weekContaining, type Period } from './period.js';

export const DIGEST_KINDS = ['daily', 'weekly', 'morning'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** Local wall time in the tenant's zone, plus the ISO weekdays (1 = Monday … 7 = Sunday) it runs on. */
export interface DigestSchedule {
  time: string;
  weekdays: number[];
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

export const DEFAULT_SCHEDULES: Record<DigestKind, DigestSchedule> = {
  daily: { time: '18:05', weekdays: ALL_DAYS },
  weekly: { time: '09:05', weekdays: [1] },
  morning: { time: '09:05', weekdays: ALL_DAYS },
};

/**
 * How late a missed run (instances down at the scheduled minute) may still be sent.
 * After that the period's digest is stale and skipped rather than delivered at night.
 */
export const CATCH_UP_MS: Record<DigestKind, number> = {
  daily: 5 * 3600_000,
  weekly: 8 * 3600_000,
  morning: 3 * 3600_000,
};

export const digestScheduleSchema = z
  .object({
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:mm (24-hour)')
      // WeCom asks senders to avoid the crowded :00 and :30 minutes.
      .refine((t) => !t.endsWith(':00') && !t.endsWith(':30'), 'avoid minutes :00 and :30; pick e.g. 18:05'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  })
  .strict();

/** A weekly digest names its one day; the other kinds run on any set of days. */
export function assertScheduleFitsKind(kind: DigestKind, schedule: DigestSchedule): void {
  if (kind === 'weekly' && schedule.weekdays.length !== 1) throw new InvalidInput('a weekly digest runs on exactly one weekday');
}

/** A schedule on its own (not inside a request body): problems are reported by field, the schedule named. */
export function parseDigestSchedule(kind: DigestKind, input: unknown): DigestSchedule {
  let schedule: DigestSchedule;
  try {
    schedule = parseInput(digestScheduleSchema, input);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    throw new InvalidInput(error.message.replace(/^invalid input/, 'invalid digest schedule'), error.details);
  }
  assertScheduleFitsKind(kind, schedule);
  return schedule;
}

/** The most recent scheduled instant at or before `now`, in the zone; null if none in the last 8 days. */
export function latestOccurrence(schedule: DigestSchedule, timezone: string, now: Date): Date | null {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone: timezone });
  for (let back = 0; back <= 7; back++) {
    const day = local.minus({ days: back });
    if (!schedule.weekdays.includes(day.weekday)) continue;
    const at = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (at.toMillis() <= now.getTime()) return at.toJSDate();
  }
  return null;
}

/** What a run at `occurrence` reports on: the day so far, or the whole previous week. */
export function periodForOccurrence(kind: DigestKind, occurrence: Date, timezone: string): Period {
  if (kind === 'weekly') return previousPeriod(weekContaining(occurrence, timezone));
  return dayContaining(occurrence, timezone);
}

export interface DueDigest {
  scheduledFor: Date;
  period: Period;
}

/** The run that should exist by `now` for this schedule, or null when none is due (or it is too late). */
export function dueDigest(kind: DigestKind, schedule: DigestSchedule, timezone: string, now: Date): DueDigest | null {
  const scheduledFor = latestOccurrence(schedule, timezone, now);
  if (!scheduledFor || now.getTime() - scheduledFor.getTime() > CATCH_UP_MS[kind]) return null;
  return { scheduledFor, period: periodForOccurrence(kind, scheduledFor, timezone) };
}
