import { DateTime } from 'luxon';
import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { calendarDateSchema } from '../calendar-date.js';
import { objectIdString } from '../customers/customer-input.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { SurveyResponse, type SurveyResponseRecord } from '../surveys/survey-response-model.js';
import { getTenant } from '../tenants/get-tenant.js';
import { parseInput } from '../../parse-input.js';
import { exportLookups } from './export-lookups.js';
import { assertMayExport } from './may-export.js';
import { inBatches, type PreparedExport, streamTableExport } from './stream-table-export.js';

export const exportSurveyAnswersSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    /** Calendar dates in the company's time zone, both included. */
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
    templateKey: z.string().trim().min(1).max(60).optional(),
    customerId: objectIdString.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type ExportSurveyAnswersInput = z.input<typeof exportSurveyAnswersSchema>;

const HEADER = ['提交时间 Submitted', '客户编号 Customer code', '客户 Customer', '问卷 Survey', '版本 Version', '渠道 Channel',
  '员工 Staff', '低分 Low', '答案 Answers'];

/** Survey answers on the customers the caller may see, oldest first: one row per completed survey. */
export async function prepareSurveyAnswerExport(actor: Actor, rawInput: ExportSurveyAnswersInput): Promise<PreparedExport> {
  const input = parseInput(exportSurveyAnswersSchema, rawInput);
  await assertMayExport(actor, 'surveys');
  const { format, ...filters } = input;
  const zone = (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai';
  const scope = await customerRecordScopeFilter(actor);
  const conditions: FilterQuery<SurveyResponseRecord>[] = [{ tenantId: scope.tenantId }];
  // A response has no owner of its own: it is visible through its customer.
  if (scope.$or) conditions.push({ $or: scope.$or.filter((c) => 'customerId' in c) });
  const at: Record<string, Date> = {};
  if (filters.from) at.$gte = DateTime.fromISO(filters.from, { zone }).startOf('day').toJSDate();
  if (filters.to) at.$lt = DateTime.fromISO(filters.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  if (Object.keys(at).length > 0) conditions.push({ submittedAt: at });
  if (filters.templateKey) conditions.push({ templateKey: filters.templateKey });
  if (filters.customerId) conditions.push({ customerId: new Types.ObjectId(filters.customerId) });
  return {
    format,
    name: 'survey-answers',
    run: (output) => {
      const responses = SurveyResponse.find({ $and: conditions }).sort({ submittedAt: 1, _id: 1 }).lean().cursor({ batchSize: 500 });
      const rows = inBatches(responses, async (batch) => {
        const { customers, staff } = await exportLookups(actor.tenantId, batch.map((r) => ({ customerId: r.customerId, authorId: r.staffId })));
        return batch.map((r) => [
          r.submittedAt, customers.get(String(r.customerId))?.code ?? null, customers.get(String(r.customerId))?.name ?? null, r.templateKey,
          r.templateVersion, r.channel, staff.get(String(r.staffId)) ?? null, r.low ? 'yes' : 'no', answersText(r.answers),
        ]);
      });
      return streamTableExport(actor, { format, sheetName: 'Survey answers', header: HEADER, rows, auditEntity: 'survey_answer_export', filters }, output);
    },
  };
}

function answersText(answers: readonly { key: string; value: unknown }[]): string | null {
  const text = answers.map((a) => `${a.key}: ${Array.isArray(a.value) ? a.value.join('/') : String(a.value)}`).join('; ');
  return text || null;
}
