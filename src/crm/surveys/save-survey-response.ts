import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Staff } from '../models/staff.js';
import { scoreSurveyAnswers } from './score-survey-answers.js';
import { SurveyResponse, type SurveyResponseDoc } from './survey-response-model.js';
import type { SurveyTemplateRecord } from './survey-template-model.js';
import type { SurveyAnswer } from './validate-survey-answers.js';

export interface NewSurveyResponse {
  customerId: Types.ObjectId;
  /** Whose work is rated. */
  staffId: Types.ObjectId;
  invitationId: Types.ObjectId | null;
  template: SurveyTemplateRecord & { _id: Types.ObjectId };
  answers: SurveyAnswer[];
  channel: 'link' | 'call';
  at: Date;
}

/**
 * Stores validated answers and puts them on the customer's timeline (`survey_answered`, with
 * `low` and the low items: the low-score notice and automation read the activity).
 */
export async function saveSurveyResponse(actor: Actor, input: NewSurveyResponse): Promise<SurveyResponseDoc> {
  const { template } = input;
  const { scores, low, lowItems } = scoreSurveyAnswers(template.items, input.answers);
  const staff = await Staff.findOne({ tenantId: actor.tenantId, _id: input.staffId }, { departments: 1 }).lean();
  const response = await SurveyResponse.create({
    tenantId: actor.tenantId,
    customerId: input.customerId,
    invitationId: input.invitationId,
    templateId: template._id,
    templateKey: template.key,
    templateVersion: template.version,
    templateKind: template.kind,
    staffId: input.staffId,
    departments: staff?.departments ?? [],
    channel: input.channel,
    recordedBy: input.channel === 'call' ? actor.staffId : null,
    answers: input.answers,
    scores,
    low,
    submittedAt: input.at,
  });
  const labels = new Map(template.items.map((i) => [i.key, i.label.zh]));
  const summary = scores.map((s) => `${labels.get(s.item) ?? s.item} ${s.value}/${s.type === 'nps' ? 10 : 5}`).join('，');
  await recordActivity(actor, {
    customerId: input.customerId,
    type: 'survey_answered',
    at: input.at,
    content: summary ? `${template.name}：${summary}` : template.name,
    data: {
      responseId: String(response._id),
      invitationId: input.invitationId ? String(input.invitationId) : null,
      templateKey: template.key,
      templateVersion: template.version,
      templateKind: template.kind,
      staffId: String(input.staffId),
      channel: input.channel,
      low,
      lowItems,
      scores: scores.map((s) => ({ item: s.item, type: s.type, value: s.value })),
    },
    dedupeKey: `survey_answered:${String(response._id)}`,
  });
  return response;
}
