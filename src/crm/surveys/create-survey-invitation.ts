import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Conflict } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { refuseSurveyOptOut } from './refuse-survey-opt-out.js';
import { findCurrentTemplate } from './save-survey-template.js';
import { createInvitationSchema, type CreateInvitationInput } from './survey-input.js';
import { SurveyInvitation, type SurveyInvitationDoc } from './survey-invitation-model.js';
import type { SurveyLinkSigner } from './survey-link-signer.js';

/** How long a client's link stays open. */
export const SURVEY_LINK_TTL_MS = 7 * 24 * 3600_000;

export interface SurveyLinkOptions {
  signer: SurveyLinkSigner;
  /** PUBLIC_BASE_URL: the link must open from the client's phone. */
  baseUrl: string;
  now?: Date;
}

export interface CreatedInvitation {
  invitation: SurveyInvitationDoc;
  url: string;
}

/**
 * Invites a customer the actor can see to answer the current version of a template, and returns
 * the signed link to send. A customer who asked not to be surveyed is refused (409) before
 * anything is written; so is an inactive template.
 */
export async function createSurveyInvitation(actor: Actor, rawInput: CreateInvitationInput, options: SurveyLinkOptions): Promise<CreatedInvitation> {
  const input = parseInput(createInvitationSchema, rawInput);
  const customer = await findCustomerInScope(actor, input.customerId);
  refuseSurveyOptOut(customer);
  const template = await findCurrentTemplate(actor, input.templateKey);
  if (!template.active) throw new Conflict(`templateKey: survey template '${template.key}' is not active`);
  const now = options.now ?? new Date();
  const invitation = await SurveyInvitation.create({
    tenantId: actor.tenantId,
    customerId: customer._id,
    templateId: template._id,
    templateKey: template.key,
    templateVersion: template.version,
    staffId: customer.ownerId,
    sentBy: actor.staffId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SURVEY_LINK_TTL_MS),
  });
  await recordActivity(actor, {
    customerId: customer._id,
    type: 'survey_sent',
    at: now,
    content: template.name,
    data: { invitationId: String(invitation._id), templateKey: template.key, templateVersion: template.version, expiresAt: invitation.expiresAt.toISOString() },
  });
  await recordAudit(actor, { action: 'survey_invitation.create', entity: 'survey_invitation', entityId: invitation._id, before: null, after: invitation.toObject() });
  const token = options.signer.sign({ invitationId: String(invitation._id), expiresAt: invitation.expiresAt });
  return { invitation, url: `${options.baseUrl}/s/${token}` };
}
