import { Types } from 'mongoose';
import { systemActor, type Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { claimSurveyInvitation, linkResponseToInvitation, releaseSurveyInvitation } from './claim-survey-invitation.js';
import { saveSurveyResponse } from './save-survey-response.js';
import { SurveyInvitation, type SurveyInvitationDoc } from './survey-invitation-model.js';
import type { SurveyLinkSigner } from './survey-link-signer.js';
import { SurveyLinkRefused } from './survey-link-refused.js';
import type { SurveyResponseDoc } from './survey-response-model.js';
import { SurveyTemplate, type SurveyTemplateDoc } from './survey-template-model.js';
import { validateSurveyAnswers, type RawAnswers } from './validate-survey-answers.js';

export interface OpenSurvey {
  invitation: SurveyInvitationDoc;
  /** The version the invitation was made with, even if the template changed since. */
  template: SurveyTemplateDoc;
}

/**
 * What a client's link opens: refused (SurveyLinkRefused) when the signature is wrong, the
 * invitation or its customer is gone, it expired or it was answered already.
 */
export async function openSurveyLink(signer: SurveyLinkSigner, token: string, now = new Date()): Promise<OpenSurvey> {
  const claims = signer.verify(token);
  if (!claims) throw new SurveyLinkRefused('forged');
  const invitation = await SurveyInvitation.findById(claims.invitationId);
  if (!invitation) throw new SurveyLinkRefused('unknown');
  const [template, customer] = await Promise.all([
    SurveyTemplate.findOne({ tenantId: invitation.tenantId, _id: invitation.templateId }),
    Customer.exists({ tenantId: invitation.tenantId, _id: invitation.customerId, deletedAt: null }),
  ]);
  if (!template || !customer) throw new SurveyLinkRefused('unknown');
  if (invitation.usedAt) throw new SurveyLinkRefused('used');
  if (invitation.expiresAt <= now || claims.expiresAt <= now) throw new SurveyLinkRefused('expired');
  return { invitation, template };
}

/** The client's answers through their link: validated first (400 naming the item), then the link is used up. */
export async function answerSurveyLink(signer: SurveyLinkSigner, token: string, raw: RawAnswers, now = new Date()): Promise<SurveyResponseDoc> {
  const { invitation, template } = await openSurveyLink(signer, token, now);
  const answers = validateSurveyAnswers(template.items, raw);
  // The client is nobody on staff: the system records it, on the link's tenant.
  return answerInvitation(systemActor(invitation.tenantId, 'api'), invitation, template, answers, 'link', now);
}

/** Claims the invitation, stores the answer against it, and gives the invitation back if storing failed. */
export async function answerInvitation(
  actor: Actor,
  invitation: SurveyInvitationDoc,
  template: SurveyTemplateDoc,
  answers: ReturnType<typeof validateSurveyAnswers>,
  channel: 'link' | 'call',
  now: Date,
): Promise<SurveyResponseDoc> {
  const claimed = await claimSurveyInvitation(invitation.tenantId, new Types.ObjectId(String(invitation._id)), now);
  try {
    const response = await saveSurveyResponse(actor, {
      customerId: claimed.customerId,
      staffId: claimed.staffId,
      invitationId: claimed._id,
      template,
      answers,
      channel,
      at: now,
    });
    await linkResponseToInvitation(claimed, response._id);
    return response;
  } catch (error) {
    await releaseSurveyInvitation(claimed);
    throw error;
  }
}
