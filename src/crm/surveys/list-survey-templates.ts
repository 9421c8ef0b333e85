import type { Actor } from '../actor.js';
import { SurveyTemplate } from './survey-template-model.js';
import { toSurveyTemplateView, type SurveyTemplateView } from './survey-template-view.js';

/** The current (latest) version of every template in the tenant; staff pick from these when sending. */
export async function listSurveyTemplates(actor: Actor): Promise<SurveyTemplateView[]> {
  const rows = await SurveyTemplate.find({ tenantId: actor.tenantId }).sort({ key: 1, version: -1 }).lean();
  const latest = rows.filter((row, i) => i === 0 || rows[i - 1]!.key !== row.key);
  return latest.map(toSurveyTemplateView);
}
