import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { InvalidInput } from '../../errors.js';
import type { DealStageDefinition } from '../models/tenant.js';
import { currencySchema, minorUnitsSchema } from '../money.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { getTenant } from '../tenants/get-tenant.js';
import { todayIn } from '../calendar-date.js';
import { assertCan } from '../permissions/access-of.js';
import { numberFormatSchema } from '../settings/number-format.js';

export const DEFAULT_DEAL_STAGES: DealStageDefinition[] = [
  { key: 'initial', name: '初步接洽', aliases: ['接洽', 'initial', 'prospecting'], probability: 10, closed: false, won: false },
  { key: 'needs', name: '需求确认', aliases: ['需求', 'needs', 'qualification'], probability: 30, closed: false, won: false },
  { key: 'proposal', name: '方案报价', aliases: ['报价', '方案', 'proposal', 'quote'], probability: 50, closed: false, won: false },
  { key: 'negotiation', name: '商务谈判', aliases: ['谈判', 'negotiation'], probability: 70, closed: false, won: false },
  { key: 'won', name: '赢单', aliases: ['成交', 'won', 'closed-won'], probability: 100, closed: true, won: true },
  { key: 'lost', name: '输单', aliases: ['丢单', 'lost', 'closed-lost'], probability: 0, closed: true, won: false },
];

export const DEFAULT_CONTRACT_NUMBER_FORMAT = 'HT-{yyyy}-{seq:4}';
/** ¥100,000.00 in 分. */
export const DEFAULT_CONTRACT_APPROVAL_THRESHOLD = 10_000_000;
/** Contract owners hear of a contract's end this many days ahead. */
export const DEFAULT_CONTRACT_END_REMINDER_DAYS = 30;

export interface SalesSettings {
  timezone: string;
  dealStages: DealStageDefinition[];
  contractNumberFormat: string;
  contractApprovalThreshold: number;
  defaultCurrency: string;
  contractEndReminderDays: number;
}

export async function getSalesSettings(tenantId: Types.ObjectId): Promise<SalesSettings> {
  const tenant = await getTenant(tenantId);
  const sales = tenant.sales;
  return {
    timezone: tenant.timezone ?? 'Asia/Shanghai',
    dealStages: sales?.dealStages && sales.dealStages.length > 0 ? (sales.dealStages as DealStageDefinition[]) : DEFAULT_DEAL_STAGES,
    contractNumberFormat: sales?.contractNumberFormat ?? DEFAULT_CONTRACT_NUMBER_FORMAT,
    contractApprovalThreshold: sales?.contractApprovalThreshold ?? DEFAULT_CONTRACT_APPROVAL_THRESHOLD,
    defaultCurrency: sales?.defaultCurrency ?? 'CNY',
    contractEndReminderDays: sales?.contractEndReminderDays ?? DEFAULT_CONTRACT_END_REMINDER_DAYS,
  };
}

const comparable = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** The deal stage whose key, name or alias is `input`; an unknown one is a 400 listing the valid ones. */
export function resolveDealStage(stages: DealStageDefinition[], input: string, field = 'stage'): DealStageDefinition {
  const wanted = comparable(input);
  const found = stages.find((s) => [s.key, s.name, ...s.aliases].some((w) => comparable(w) === wanted));
  if (!found) {
    const message = `unknown stage "${input}"; valid stages: ${stages.map((s) => `${s.name} (${s.key})`).join(', ')}`;
    throw new InvalidInput(`${field}: ${message}`, [{ path: field, message }]);
  }
  return found;
}

const dealStageInput = z
  .object({
    key: z.string().trim().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
    name: z.string().trim().min(1).max(40),
    aliases: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
    probability: z.number().int().min(0).max(100),
    closed: z.boolean().default(false),
    won: z.boolean().default(false),
  })
  .strict();

export const updateSalesSettingsSchema = z
  .object({
    dealStages: z
      .array(dealStageInput)
      .min(2)
      .max(20)
      .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'stage keys must be unique')
      .refine((s) => s.some((x) => x.closed && x.won) && s.some((x) => x.closed && !x.won), 'needs one won and one lost stage')
      .optional(),
    contractNumberFormat: numberFormatSchema.optional(),
    contractApprovalThreshold: minorUnitsSchema.optional(),
    defaultCurrency: currencySchema.optional(),
    contractEndReminderDays: z.number().int('must be a whole number of days').min(1).max(365).optional(),
  })
  .strict();
export type UpdateSalesSettingsInput = z.input<typeof updateSalesSettingsSchema>;

export async function updateSalesSettings(actor: Actor, rawInput: UpdateSalesSettingsInput): Promise<SalesSettings> {
  const input = parseInput(updateSalesSettingsSchema, rawInput);
  assertCan(actor, 'settings', 'edit', 'only admins can change the sales settings');
  const tenant = await getTenant(actor.tenantId);
  const before = tenant.toObject().sales ?? null;
  for (const [key, value] of Object.entries(input)) if (value !== undefined) tenant.set(`sales.${key}`, value);
  await tenant.save();
  await recordAudit(actor, { action: 'sales_settings.update', entity: 'tenant', entityId: tenant._id, before, after: tenant.toObject().sales });
  return getSalesSettings(actor.tenantId);
}

/** Today in the tenant's time zone, YYYY-MM-DD (validity, due and overdue are calendar-day questions). */
export async function tenantToday(tenantId: Types.ObjectId, now = new Date()): Promise<string> {
  return todayIn((await getTenant(tenantId)).timezone ?? 'Asia/Shanghai', now);
}
