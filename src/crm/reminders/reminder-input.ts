import { z } from 'zod';
import { instant, objectIdString } from '../customers/customer-input.js';

export const createReminderSchema = z
  .object({
    customerId: objectIdString.optional(),
    dueAt: instant,
    text: z.string().trim().min(1, 'must not be empty').max(500),
    /** Remind someone else (managers/admins only); defaults to the caller. */
    staffId: objectIdString.optional(),
  })
  .strict();
export type CreateReminderInput = z.input<typeof createReminderSchema>;

export const listRemindersSchema = z
  .object({
    status: z.enum(['open', 'done', 'cancelled']).default('open'),
    dueBefore: instant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListRemindersInput = z.input<typeof listRemindersSchema>;
