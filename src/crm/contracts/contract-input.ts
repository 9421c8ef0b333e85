import { z } from 'zod';
import { calendarDateSchema } from '../calendar-date.js';
import { objectIdString } from '../customers/customer-input.js';
import { currencySchema, minorUnitsSchema, positiveMinorUnitsSchema } from '../money.js';
import { CONTRACT_STATUSES } from '../models/contract.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** End before start is refused naming endDate. */
const datesInOrder = (c: { startDate?: string | null; endDate?: string | null }, ctx: z.RefinementCtx) => {
  if (c.startDate && c.endDate && c.endDate < c.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
  }
};

export const createContractSchema = z
  .object({
    customerId: objectIdString,
    dealId: objectIdString.optional(),
    title: text(200),
    ownerId: objectIdString.optional(),
    amount: minorUnitsSchema,
    currency: currencySchema.optional(),
    signedDate: calendarDateSchema.optional(),
    startDate: calendarDateSchema.optional(),
    endDate: calendarDateSchema.optional(),
  })
  .strict()
  .superRefine(datesInOrder);
export type CreateContractInput = z.input<typeof createContractSchema>;

/** Only a draft's terms can change; `version` guards against overwriting someone else's edit. */
export const updateContractSchema = z
  .object({
    version: z.number().int().min(0),
    title: text(200).optional(),
    amount: minorUnitsSchema.optional(),
    currency: currencySchema.optional(),
    signedDate: calendarDateSchema.nullable().optional(),
    startDate: calendarDateSchema.nullable().optional(),
    endDate: calendarDateSchema.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 1, 'nothing to update');
export type UpdateContractInput = z.input<typeof updateContractSchema>;

export const listContractsSchema = z
  .object({
    customerId: objectIdString.optional(),
    dealId: objectIdString.optional(),
    ownerId: objectIdString.optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    cursor: objectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListContractsInput = z.input<typeof listContractsSchema>;

export const changeContractStatusSchema = z
  .object({
    status: z.enum(CONTRACT_STATUSES),
    /** Required to terminate. */
    reason: text(500).optional(),
    signedDate: calendarDateSchema.optional(),
  })
  .strict();
export type ChangeContractStatusInput = z.input<typeof changeContractStatusSchema>;

export const contractApprovalSchema = z.object({ decision: z.enum(['approve', 'reject']), comment: text(500).optional() }).strict();
export type ContractApprovalInput = z.input<typeof contractApprovalSchema>;

export const addInstallmentSchema = z.object({ dueDate: calendarDateSchema, amount: positiveMinorUnitsSchema, note: text(200).optional() }).strict();
export type AddInstallmentInput = z.input<typeof addInstallmentSchema>;

export const recordPaymentSchema = z
  .object({ receivedDate: calendarDateSchema, amount: positiveMinorUnitsSchema, method: text(40).optional(), note: text(200).optional() })
  .strict();
export type RecordPaymentInput = z.input<typeof recordPaymentSchema>;
