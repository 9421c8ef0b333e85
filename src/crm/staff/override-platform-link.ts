import { z } from 'zod';
import type { Actor } from '../actor.js';
import { Conflict, NotFound } from '../../errors.js';
import { Staff, type StaffDoc } from '../models/staff.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';

const FIELD = { dingtalk: 'dingtalkUserId', feishu: 'feishuOpenId', slack: 'slackUserId' } as const;

export const platformLinkSchema = z
  .object({
    platform: z.enum(['dingtalk', 'feishu', 'slack']),
    /** The platform's user id (DingTalk userid, Feishu open_id, Slack user id); null unlinks. */
    platformUserId: z.string().trim().min(1).max(100).regex(/^[\w.@-]+$/, 'letters, digits, _ . @ - only').nullable(),
  })
  .strict();
export type PlatformLinkInput = z.input<typeof platformLinkSchema>;

/**
 * An admin's override of the automatic staff mapping (email / mobile lookups): this staff member
 * is that platform user. A platform user linked to someone else is a 409 (unlink them first), so
 * one chat account never acts as two people. Audited.
 */
export async function overridePlatformLink(actor: Actor, staffUserId: string, rawInput: PlatformLinkInput): Promise<StaffDoc> {
  const input = parseInput(platformLinkSchema, rawInput);
  const field = FIELD[input.platform];
  const staff = await Staff.findOne({ tenantId: actor.tenantId, userId: staffUserId });
  if (!staff) throw new NotFound('staff member');
  if (input.platformUserId) {
    const holder = await Staff.findOne({ tenantId: actor.tenantId, [field]: input.platformUserId, _id: { $ne: staff._id } }, { userId: 1, name: 1 }).lean();
    if (holder) {
      throw new Conflict(`platformUserId: ${input.platform} user ${input.platformUserId} is linked to ${holder.name} (${holder.userId}); unlink them first`, [
        { path: 'platformUserId', message: 'linked to another staff member', staff: holder.userId },
      ]);
    }
  }
  const before = { [field]: staff.get(field) ?? null };
  staff.set(field, input.platformUserId ?? undefined);
  await staff.save();
  await recordAudit(actor, { action: 'staff.platform_link', entity: 'staff', entityId: staff._id, before, after: { [field]: input.platformUserId } });
  return staff;
}
