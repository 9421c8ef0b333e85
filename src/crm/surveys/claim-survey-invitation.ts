import type { Types } from 'mongoose';
import { SurveyInvitation, type SurveyInvitationDoc } from './survey-invitation-model.js';
import { SurveyLinkRefused } from './survey-link-refused.js';

/**
 * Marks an open invitation used, atomically: of two answers racing for one link exactly one gets
 * it. The loser learns why (used or expired) from the document as it now stands.
 */
export async function claimSurveyInvitation(tenantId: Types.ObjectId, invitationId: Types.ObjectId, now: Date): Promise<SurveyInvitationDoc> {
  const claimed = await SurveyInvitation.findOneAndUpdate(
    { tenantId, _id: invitationId, usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
    { new: true },
  );
  if (claimed) return claimed;
  const current = await SurveyInvitation.findOne({ tenantId, _id: invitationId }, { usedAt: 1 }).lean();
  if (!current) throw new SurveyLinkRefused('unknown');
  throw new SurveyLinkRefused(current.usedAt ? 'used' : 'expired');
}

/** Gives the invitation back when storing the answer failed, so the client can try again. */
export async function releaseSurveyInvitation(invitation: SurveyInvitationDoc): Promise<void> {
  await SurveyInvitation.updateOne({ _id: invitation._id, usedAt: invitation.usedAt, responseId: null }, { $set: { usedAt: null } });
}

export async function linkResponseToInvitation(invitation: SurveyInvitationDoc, responseId: Types.ObjectId): Promise<void> {
  await SurveyInvitation.updateOne({ _id: invitation._id }, { $set: { responseId } });
}
