import { nextContactAt, type NextContact } from './zoned-time.js';

/** A choice of the next contact time in the pickers. */
export type NextChoice =
  | { kind: 'cycle' }
  | { kind: 'keep' }
  | { kind: 'none' }
  | { kind: 'preset'; preset: NextContact }
  | { kind: 'at'; at: string };

/** The instant a choice stands for, or null (none; keep/cycle are the server's to compute). */
export function instantOf(choice: NextChoice, timeZone: string, now = new Date()): Date | null {
  if (choice.kind === 'preset') return nextContactAt(choice.preset, now, timeZone);
  if (choice.kind === 'at') return new Date(choice.at);
  return null;
}

/** The follow-up request's fields for a choice: a time, `cycle`, `none`, or nothing (keep). */
export function followUpNextFields(
  choice: NextChoice,
  timeZone: string,
): { nextFollowUpAt?: string; nextFollowUp?: 'cycle' | 'none' } {
  if (choice.kind === 'cycle') return { nextFollowUp: 'cycle' };
  if (choice.kind === 'none') return { nextFollowUp: 'none' };
  if (choice.kind === 'keep') return {};
  return { nextFollowUpAt: instantOf(choice, timeZone)!.toISOString() };
}

export function isNextChoice(v: unknown): v is NextChoice {
  const c = v as { kind?: unknown; preset?: unknown; at?: unknown } | null;
  if (!c || typeof c.kind !== 'string') return false;
  if (c.kind === 'preset') return c.preset === 'tomorrow' || c.preset === 'in3Days' || c.preset === 'nextMonday';
  if (c.kind === 'at') return typeof c.at === 'string' && !Number.isNaN(Date.parse(c.at));
  return c.kind === 'cycle' || c.kind === 'keep' || c.kind === 'none';
}
