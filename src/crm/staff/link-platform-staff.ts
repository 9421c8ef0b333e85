import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Staff, type StaffDoc } from '../models/staff.js';
import { normalizePhone } from '../normalize-phone.js';
import { upsertStaff } from './upsert-staff.js';

/** A person as a chat platform's directory describes them (Feishu contact API, Slack users.info). */
export interface PlatformPerson {
  /** Feishu open_id / Slack user id. */
  id: string;
  email?: string;
  mobile?: string;
}

const FIELD = { feishu: 'feishuOpenId', slack: 'slackUserId' } as const;

/**
 * Links a Feishu or Slack user to an existing active Staff record not yet linked on that platform,
 * by email first, then by mobile. Nobody is created and an existing link is never overwritten:
 * returns the linked record, or null when no record matches.
 */
export async function linkPlatformStaff(
  actor: Actor,
  tenantId: Types.ObjectId,
  platform: keyof typeof FIELD,
  person: PlatformPerson,
): Promise<StaffDoc | null> {
  const field = FIELD[platform];
  const unlinked = { tenantId, active: true, [field]: null };
  const email = person.email?.trim().toLowerCase();
  const mobile = person.mobile ? normalizePhone(person.mobile) : '';
  const match =
    (email ? await Staff.findOne({ ...unlinked, email }) : null) ??
    (mobile.length >= 5 ? await Staff.findOne({ ...unlinked, mobile }) : null);
  if (!match) return null;
  return upsertStaff(actor, tenantId, { userId: match.userId, [field]: person.id });
}
