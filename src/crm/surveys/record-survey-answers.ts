import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Conflict, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { refuseSurveyOptOut } from './refuse-survey-opt-out.js';
import { answerInvitation } from './answer-survey-link.js';
import { saveSurveyResponse } from './save-survey-response.js';
import { findCurrentTemplate } from './save-survey-template.js';
import { answersBodySchema, recordResponseSchema, type RecordResponseInput } from './survey-input.js';
import { SurveyInvitation } from './survey-invitation-model.js';
import { SurveyLinkRefused } from './survey-link-refused.js';
import type { SurveyResponseDoc } from './survey-response-model.js';
import { SurveyTemplate } from './survey-template-model.js';
import { validateSurveyAnswers } from './validate-survey-answers.js';

/** Answers staff took from the client on a call, against the template's current version. */
export async function recordSurveyAnswers(actor: Actor, rawInput: RecordResponseInput, now = new Date()): Promise<SurveyResponseDoc> {
  const input = parseInput(recordResponseSchema, rawInput);
  const customer = await findCustomerInScope(actor, input.customerId);
  refuseSurveyOptOut(customer);
  const template = await findCurrentTemplate(actor, input.templateKey);
  const answers = validateSurveyAnswers(template.items, input.answers);
  return saveSurveyResponse(actor, { customerId: customer._id, staffId: customer.ownerId, invitationId: null, template, answers, channel: 'call', at: now });
}

/** Answers to an invitation that staff took on a call (the client never opened the link); the link is then used up. */
export async function recordInvitationAnswers(actor: Actor, invitationId: string, rawBody: unknown, now = new Date()): Promise<SurveyResponseDoc> {
  const body = parseInput(answersBodySchema, rawBody);
  if (!Types.ObjectId.isValid(invitationId)) throw new NotFound('survey invitation');
  const invitation = await SurveyInvitation.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(invitationId) });
  if (!invitation) throw new NotFound('survey invitation');
  await findCustomerInScope(actor, invitation.customerId);
  const template = await SurveyTemplate.findOne({ tenantId: actor.tenantId, _id: invitation.templateId });
  if (!template) throw new NotFound('survey template');
  const answers = validateSurveyAnswers(template.items, body.answers);
  try {
    return await answerInvitation(actor, invitation, template, answers, 'call', now);
  } catch (error) {
    if (error instanceof SurveyLinkRefused) throw new Conflict(`survey invitation is ${error.reason === 'used' ? 'already answered' : 'expired'}`);
    throw error;
  }
}
