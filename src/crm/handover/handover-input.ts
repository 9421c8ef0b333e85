import { z } from 'zod';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id');

/** Who hands over to whom: by staff id or platform user id, all their clients or the listed ones. */
export const handoverInputSchema = z
  .object({
    fromStaffId: objectId.optional(),
    fromUserId: z.string().min(1).optional(),
    toStaffId: objectId.optional(),
    toUserId: z.string().min(1).optional(),
    customerIds: z.array(objectId).min(1).max(1000).optional(),
    dryRun: z.boolean().optional(),
    /** Sent by WeCom to each client once an in-service transfer succeeds (transfer_success_msg, ≤200 characters). */
    transferSuccessMsg: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => Boolean(v.fromStaffId) !== Boolean(v.fromUserId), { message: 'give exactly one of fromStaffId or fromUserId', path: ['fromStaffId'] })
  .refine((v) => Boolean(v.toStaffId) !== Boolean(v.toUserId), { message: 'give exactly one of toStaffId or toUserId', path: ['toStaffId'] });

export type HandoverInput = z.output<typeof handoverInputSchema>;
