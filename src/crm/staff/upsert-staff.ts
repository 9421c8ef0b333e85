import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { ROLES } from '../actor.js';
import { Staff, type StaffDoc } from '../models/staff.js';
import { normalizePhone } from '../normalize-phone.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';

export const staffInputSchema = z
  .object({
    userId: z.string().trim().min(1).max(64).regex(/^[\w.@-]+$/, 'letters, digits and . _ @ - only'),
    name: z.string().trim().min(1).max(64).optional(),
    role: z.enum(ROLES).optional(),
    departments: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    mobile: z.string().trim().max(20).optional(),
    dingtalkUserId: z.string().trim().max(64).optional(),
    feishuOpenId: z.string().trim().max(128).optional(),
    slackUserId: z.string().trim().max(64).optional(),
    email: z.string().trim().toLowerCase().max(254).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type StaffInput = z.input<typeof staffInputSchema>;

const FIELDS = ['name', 'role', 'departments', 'mobile', 'dingtalkUserId', 'feishuOpenId', 'slackUserId', 'email', 'active'] as const;

/**
 * Creates or updates the staff member with this platform user id (platform sync, dev login, import).
 * Mobiles are stored normalized (normalizePhone: digits, no +86), so lookups by mobile are one
 * indexed equality; rows written before this rule keep their typed form until their next upsert.
 * An update that changes nothing writes nothing and records no audit entry.
 */
export async function upsertStaff(actor: Actor, tenantId: Types.ObjectId, rawInput: StaffInput): Promise<StaffDoc> {
  const input = parseInput(staffInputSchema, rawInput);
  const set: Record<string, unknown> = {};
  for (const key of FIELDS) {
    if (input[key] !== undefined) set[key] = key === 'mobile' ? normalizePhone(input.mobile ?? '') : input[key];
  }
  const current = await Staff.findOne({ tenantId, userId: input.userId });
  const before = current?.toObject() ?? null;
  if (current && before && Object.entries(set).every(([key, value]) => JSON.stringify(before[key as keyof typeof before]) === JSON.stringify(value))) {
    return current;
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
  if (!staff) throw new Error(`upsertStaff: staff ${input.userId} still conflicts on a duplicate key after 3 attempts`);
  await recordAudit(actor, {
    action: before ? 'staff.update' : 'staff.create',
    entity: 'staff',
    entityId: staff._id,
    before,
    after: staff.toObject(),
  });
  return staff;
}
