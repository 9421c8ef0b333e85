import { IANAZone } from 'luxon';
import { z } from 'zod';
import { digestScheduleSchema } from '../digests/digest-schedule.js';
import { numberFormatSchema } from './number-format.js';

const label = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const comparable = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** A refinement refusing two items with the same key (case- and width-insensitive), naming the second. */
function noRepeats<T>(keyOf: (item: T) => string, field: string[], describe: (item: T) => string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = comparable(keyOf(item));
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, ...field], message: describe(item) });
      seen.add(key);
    });
  };
}

/** A list of labels where no two are the same. */
const labelList = (max: number, maxItems: number) =>
  z
    .array(label(max))
    .max(maxItems)
    .superRefine(noRepeats((item) => item, [], (item) => `"${item}" is listed twice`));

const stageInput = z
  .object({
    key: z.string().trim().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _, starting with a letter'),
    names: z.object({ zh: label(40), en: label(40).nullable().optional() }).strict(),
    kind: z.enum(['open', 'won', 'lost']),
    /** Unset: the stage keeps the aliases it had (a new stage has none). */
    aliases: z.array(label(40)).max(10).optional(),
  })
  .strict();

const stagesInput = z
  .array(stageInput)
  .min(3, 'needs at least an open, a won and a lost stage')
  .max(20)
  .superRefine((stages, ctx) => {
    const owner = new Map<string, number>();
    stages.forEach((s, i) => {
      const words: [string, string | null | undefined][] = [['key', s.key], ['names.zh', s.names.zh], ['names.en', s.names.en]];
      for (const [field, word] of words) {
        if (!word) continue;
        const other = owner.get(comparable(word));
        if (other !== undefined && other !== i) ctx.addIssue({ code: 'custom', path: [i, ...field.split('.')], message: `"${word}" is already used by stage ${other + 1}` });
        owner.set(comparable(word), i);
      }
    });
    for (const kind of ['open', 'won', 'lost'] as const) {
      if (!stages.some((s) => s.kind === kind)) ctx.addIssue({ code: 'custom', path: [], message: `needs at least one ${kind} stage` });
    }
  });

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24-hour)');

const workingHoursInput = z
  .object({
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'needs at least one working day')
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    start: time,
    end: time,
  })
  .strict()
  .refine((h) => h.start < h.end, { message: 'must be after start', path: ['end'] });

/**
 * PUT /api/admin/settings: every section is optional, a section given replaces that section whole.
 * Cross-section rules (a contact cycle's level must be a level) are checked in updateTenantSettings,
 * where the sections not sent are known.
 */
export const tenantSettingsInput = z
  .object({
    stages: stagesInput.optional(),
    levels: labelList(20, 20).optional(),
    sources: labelList(40, 50).optional(),
    tagGroups: z
      .array(z.object({ name: label(40), tags: labelList(40, 100) }).strict())
      .max(50)
      .superRefine(noRepeats((g) => g.name, ['name'], (g) => `group "${g.name}" is listed twice`))
      .optional(),
    contactCycles: z
      .array(z.object({ level: label(20), days: z.number().int('must be a whole number of days').min(1).max(365) }).strict())
      .max(20)
      .superRefine(noRepeats((c) => c.level, ['level'], (c) => `level "${c.level}" has two cycles`))
      .optional(),
    numbering: z.object({ customers: numberFormatSchema.optional(), contracts: numberFormatSchema.optional(), tickets: numberFormatSchema.optional() }).strict().optional(),
    timezone: z
      .string()
      .trim()
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Asia/Shanghai')
      .optional(),
    workingHours: workingHoursInput.optional(),
    digestDefaults: z
      .object({
        daily: digestScheduleSchema.optional(),
        weekly: digestScheduleSchema.refine((s) => s.weekdays.length === 1, { message: 'a weekly digest runs on exactly one weekday', path: ['weekdays'] }).optional(),
        morning: digestScheduleSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TenantSettingsInput = z.input<typeof tenantSettingsInput>;
