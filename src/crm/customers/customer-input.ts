import { z } from 'zod';
import { FOLLOW_UP_CHANNELS } from '../models/activity.js';
import { customFieldsSchema } from './custom-fields-schema.js';
import { customerFilterParam } from '../query/customer-filter-schema.js';
import { RFM_SEGMENTS } from '../segments/rfm-segments.js';

export const objectIdString = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hex id');

/** Accepts a Date (internal callers) or an ISO-8601 string with a time zone (API callers). */
export const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), 'invalid date');

const name = z.string().trim().min(1, 'must not be empty').max(100);
const shortText = z.string().trim().max(100);
const tag = z.string().trim().min(1).max(40);

const customerFields = {
  name,
  company: z.string().trim().max(200),
  phones: z.array(z.string().trim().regex(/^[+\d][\d\s\-()]{2,30}$/, 'not a phone number')).max(10),
  email: z.email().max(200),
  source: shortText,
  industry: shortText,
  stage: z.string().trim().min(1).max(40),
  level: z.string().trim().max(20),
  tags: z.array(tag).max(50),
  ownerId: objectIdString,
  collaboratorIds: z.array(objectIdString).max(20),
  contactCycleDays: z.number().int().min(1).max(365),
  nextFollowUpAt: instant,
  customFields: customFieldsSchema,
};

export const createCustomerSchema = z
  .object({
    ...customerFields,
    company: customerFields.company.optional(),
    phones: customerFields.phones.optional(),
    email: customerFields.email.optional(),
    source: customerFields.source.optional(),
    industry: customerFields.industry.optional(),
    stage: customerFields.stage.optional(),
    level: customerFields.level.optional(),
    tags: customerFields.tags.optional(),
    ownerId: customerFields.ownerId.optional(),
    collaboratorIds: customerFields.collaboratorIds.optional(),
    contactCycleDays: customerFields.contactCycleDays.optional(),
    nextFollowUpAt: customerFields.nextFollowUpAt.optional(),
    customFields: customerFields.customFields.optional(),
  })
  .strict();
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;

/** A patch: every field optional; `null` clears an optional field. */
export const updateCustomerSchema = z
  .object({
    name: customerFields.name.optional(),
    company: customerFields.company.nullable().optional(),
    phones: customerFields.phones.optional(),
    email: customerFields.email.nullable().optional(),
    source: customerFields.source.nullable().optional(),
    industry: customerFields.industry.nullable().optional(),
    stage: customerFields.stage.optional(),
    level: customerFields.level.nullable().optional(),
    tags: customerFields.tags.optional(),
    ownerId: customerFields.ownerId.optional(),
    collaboratorIds: customerFields.collaboratorIds.optional(),
    contactCycleDays: customerFields.contactCycleDays.nullable().optional(),
    nextFollowUpAt: customerFields.nextFollowUpAt.nullable().optional(),
    customFields: customerFields.customFields.optional(),
    doNotMarket: z.boolean().optional(),
    doNotSurvey: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to update');
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;

/**
 * What happens to the next follow-up: a time (`nextFollowUpAt`), or explicitly `nextFollowUp`:
 * `cycle` (one contact cycle from the contact; the customer must have a cycle) or `none` (cleared).
 * With neither, the cycle applies when the customer has one, else the next follow-up stays.
 */
export const NEXT_FOLLOW_UP_MODES = ['cycle', 'none'] as const;

export const followUpSchema = z
  .object({
    content: z.string().trim().min(1, 'must not be empty').max(5000),
    channel: z.enum(FOLLOW_UP_CHANNELS).optional(),
    nextFollowUpAt: instant.nullable().optional(),
    nextFollowUp: z.enum(NEXT_FOLLOW_UP_MODES).optional(),
    /** When the contact happened; defaults to now. */
    at: instant.optional(),
    /** The client's id for this save: a retry with the same id logs nothing twice. */
    requestId: z.string().regex(/^[\w-]{8,64}$/, 'must be 8–64 letters, digits, - or _').optional(),
  })
  .strict()
  .refine((f) => f.nextFollowUp === undefined || f.nextFollowUpAt === undefined, {
    path: ['nextFollowUp'],
    message: 'give either nextFollowUp or nextFollowUpAt, not both',
  });
export type FollowUpInput = z.input<typeof followUpSchema>;

export const searchCustomersSchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    stage: z.string().trim().max(40).optional(),
    tag: z.string().trim().max(40).optional(),
    ownerId: objectIdString.optional(),
    filter: customerFilterParam.optional(),
    segment: z.enum(RFM_SEGMENTS).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type SearchCustomersInput = z.input<typeof searchCustomersSchema>;
