import { z } from 'zod';
import { calendarDateSchema } from '../calendar-date.js';
import { objectIdString } from '../customers/customer-input.js';
import { currencySchema, minorUnitsSchema } from '../money.js';
import { QUOTE_STATUSES } from '../models/quote.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const createProductSchema = z
  .object({
    name: text(100),
    sku: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,39}$/, 'letters, digits and . _ - / (max 40)'),
    unit: text(20),
    listPrice: minorUnitsSchema,
    currency: currencySchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type CreateProductInput = z.input<typeof createProductSchema>;

export const updateProductSchema = createProductSchema
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to update');
export type UpdateProductInput = z.input<typeof updateProductSchema>;

export const listProductsSchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    active: z.enum(['true', 'false', 'all']).default('true'),
    cursor: objectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type ListProductsInput = z.input<typeof listProductsSchema>;

const probability = z.number().int('must be a whole percentage').min(0).max(100);

export const createDealSchema = z
  .object({
    customerId: objectIdString,
    title: text(200),
    ownerId: objectIdString.optional(),
    collaboratorIds: z.array(objectIdString).max(20).optional(),
    stage: text(40).optional(),
    probability: probability.optional(),
    amount: minorUnitsSchema.default(0),
    currency: currencySchema.optional(),
    expectedCloseDate: calendarDateSchema.optional(),
    competitors: z.array(text(100)).max(20).optional(),
    nextStep: text(500).optional(),
    lostReason: text(500).optional(),
  })
  .strict();
export type CreateDealInput = z.input<typeof createDealSchema>;

/** A patch carries the `version` it was made from: a stale one is a 409, nothing written. */
export const updateDealSchema = z
  .object({
    version: z.number().int().min(0),
    title: text(200).optional(),
    ownerId: objectIdString.optional(),
    collaboratorIds: z.array(objectIdString).max(20).optional(),
    stage: text(40).optional(),
    /** A number overrides the stage default; null returns to it. */
    probability: probability.nullable().optional(),
    amount: minorUnitsSchema.optional(),
    currency: currencySchema.optional(),
    expectedCloseDate: calendarDateSchema.nullable().optional(),
    competitors: z.array(text(100)).max(20).optional(),
    nextStep: text(500).nullable().optional(),
    lostReason: text(500).nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 1, 'nothing to update');
export type UpdateDealInput = z.input<typeof updateDealSchema>;

export const listDealsSchema = z
  .object({
    customerId: objectIdString.optional(),
    ownerId: objectIdString.optional(),
    stage: z.string().trim().max(40).optional(),
    status: z.enum(['open', 'won', 'lost']).optional(),
    cursor: objectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListDealsInput = z.input<typeof listDealsSchema>;

const quoteLine = z
  .object({
    productId: objectIdString.optional(),
    /** Required without a product; defaults to the product's name. */
    name: text(200).optional(),
    quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000),
    /** Defaults to the product's list price. */
    unitPrice: minorUnitsSchema.optional(),
    /** Percent off the line, up to two decimals (12.5 = 12.5 %). */
    discountPercent: z
      .number()
      .min(0)
      .max(100)
      .refine((n) => Number.isInteger(Math.round(n * 100 * 1e6) / 1e6), 'at most two decimals')
      .default(0),
  })
  .strict()
  .refine((l) => l.productId !== undefined || (l.name !== undefined && l.unitPrice !== undefined), 'a line without productId needs name and unitPrice');

export const createQuoteSchema = z
  .object({
    lines: z.array(quoteLine).min(1, 'a quote needs at least one line').max(100),
    validUntil: calendarDateSchema,
    status: z.enum(['draft', 'sent']).default('draft'),
  })
  .strict();
export type CreateQuoteInput = z.input<typeof createQuoteSchema>;

export const changeQuoteStatusSchema = z.object({ status: z.enum(QUOTE_STATUSES) }).strict();
export type ChangeQuoteStatusInput = z.input<typeof changeQuoteStatusSchema>;
