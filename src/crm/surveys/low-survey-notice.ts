import { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { Staff, type StaffRecord } from '../models/staff.js';
import { LOW_NPS, LOW_SCALE5 } from './score-survey-answers.js';
import { SurveyResponse } from './survey-response-model.js';
import { SurveyTemplate } from './survey-template-model.js';

export interface LowSurveyNotice {
  /** The customer's owner now (who should call the client back). */
  staff: StaffRecord & { _id: Types.ObjectId };
  lines: string[];
}

/**
 * What the owner is told when a customer answered low (a 1–5 item ≤ 2 or NPS ≤ 6), as plain
 * lines; null when the answer is not low, or the customer or an active owner is gone.
 */
export async function lowSurveyNotice(tenantId: Types.ObjectId, responseId: string): Promise<LowSurveyNotice | null> {
  if (!Types.ObjectId.isValid(responseId)) return null;
  const response = await SurveyResponse.findOne({ tenantId, _id: new Types.ObjectId(responseId) }).lean();
  if (!response?.low) return null;
  const customer = await Customer.findOne({ tenantId, _id: response.customerId, deletedAt: null }, { name: 1, code: 1, ownerId: 1 }).lean();
  if (!customer) return null;
  const [staff, template] = await Promise.all([
    Staff.findOne({ tenantId, _id: customer.ownerId, active: true }).lean(),
    SurveyTemplate.findOne({ tenantId, _id: response.templateId }, { name: 1, items: 1 }).lean(),
  ]);
  if (!staff) return null;
  const labels = new Map((template?.items ?? []).map((i) => [i.key, i.label.zh]));
  const lowOnes = response.scores.filter((s) => s.value <= (s.type === 'nps' ? LOW_NPS : LOW_SCALE5));
  const shown = lowOnes.map((s) => `${labels.get(s.item) ?? s.item} ${s.value}/${s.type === 'nps' ? 10 : 5}`).join('，');
  const text = response.answers.find((a) => typeof a.value === 'string' && (template?.items ?? []).some((i) => i.key === a.key && i.type === 'text'));
  const lines = [`⚠️ 满意度偏低：${customer.name}（${customer.code}）`, `${template?.name ?? response.templateKey}：${shown}`];
  if (text && String(text.value).trim()) lines.push(`客户留言：${String(text.value).slice(0, 200)}`);
  lines.push('请尽快联系客户了解情况。');
  return { staff, lines };
}
