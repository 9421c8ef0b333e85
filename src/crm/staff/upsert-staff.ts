import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { ROLES } from '../actor.js';
import { Staff, type StaffDoc } from '../models/staff.js';
import { parseInput } from '../parse-input.js';
import { recordAudit } from '../record-audit.js';

export const staffInputSchema = z
  .object({
    userId: z.string().trim().min(1).max(64).regex(/^[\w.@-]+$/, 'letters, digits and . _ @ - only'),
    name: z.string().trim().min(1).max(64).optional(),
    role: z.enum(ROLES).optional(),
    departments: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    mobile: z.string().trim().max(20).optional(),
    dingtalkUserId: z.string().trim().max(64).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type StaffInput = z.input<typeof staffInputSchema>;

/** Creates or updates the staff member with this platform user id (platform sync, dev login, import). */
export async function upsertStaff(actor: Actor, tenantId: Types.ObjectId, rawInput: StaffInput): Promise<StaffDoc> {
  const input = parseInput(staffInputSchema, rawInput);
  const before = await Staff.findOne({ tenantId, userId: input.userId }).lean();
  const set: Record<string, unknown> = {};
  for (const key of ['name', 'role', 'departments', 'mobile', 'dingtalkUserId', 'active'] as const) {
    if (input[key] !== undefined) set[key] = input[key];
  }
  let staff: StaffDoc | null = null;
  for (let attempt = 0; attempt < 3 && !staff; attempt++) {
    try {
      staff = await Staff.findOneAndUpdate(
        { tenantId, userId: input.userId },
        { $set: set, $setOnInsert: { tenantId, userId: input.userId, ...(set.name ? {} : { name: input.userId }) } },
        { upsert: true, new: true },
      );
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  await recordAudit(actor, {
    action: before ? 'staff.update' : 'staff.create',
    entity: 'staff',
    entityId: staff!._id,
    before,
    after: staff!.toObject(),
  });
  return staff!;
}
