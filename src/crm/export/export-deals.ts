import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { objectIdString } from '../customers/customer-input.js';
import { getSalesSettings, resolveDealStage } from '../deals/sales-settings.js';
import { Deal, type DealRecord } from '../models/deal.js';
import { minorUnitDigits } from '../money.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { parseInput } from '../../parse-input.js';
import { exportLookups } from './export-lookups.js';
import { assertMayExport } from './may-export.js';
import { inBatches, type PreparedExport, streamTableExport } from './stream-table-export.js';

export const exportDealsSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    stage: z.string().trim().max(40).optional(),
    status: z.enum(['open', 'won', 'lost']).optional(),
    ownerId: objectIdString.optional(),
    customerId: objectIdString.optional(),
  })
  .strict();
export type ExportDealsInput = z.input<typeof exportDealsSchema>;

const HEADER = ['商机 Deal', '客户编号 Customer code', '客户 Customer', '阶段 Stage', '金额 Amount', '币种 Currency', '赢率 Probability %',
  '预计成交 Expected close', '负责人 Owner', '输单原因 Lost reason', '关闭时间 Closed', '创建时间 Created'];

/** Deals in the caller's scope, with the deal list's filters; amounts in major units (元), as people read them. */
export async function prepareDealExport(actor: Actor, rawInput: ExportDealsInput): Promise<PreparedExport> {
  const input = parseInput(exportDealsSchema, rawInput);
  await assertMayExport(actor, 'deals');
  const { format, ...filters } = input;
  const stages = (await getSalesSettings(actor.tenantId)).dealStages;
  const conditions: FilterQuery<DealRecord>[] = [{ ...(await customerRecordScopeFilter(actor)), deletedAt: null }];
  if (filters.ownerId) conditions.push({ ownerId: new Types.ObjectId(filters.ownerId) });
  if (filters.customerId) conditions.push({ customerId: new Types.ObjectId(filters.customerId) });
  if (filters.stage) conditions.push({ stage: resolveDealStage(stages, filters.stage).key });
  if (filters.status) {
    const keys = stages.filter((s) => (filters.status === 'open' ? !s.closed : s.closed && s.won === (filters.status === 'won'))).map((s) => s.key);
    conditions.push({ stage: { $in: keys } });
  }
  const stageNames = new Map(stages.map((s) => [s.key, s.name]));
  return {
    format,
    name: 'deals',
    run: (output) => {
      const deals = Deal.find({ $and: conditions }).sort({ _id: 1 }).lean().cursor({ batchSize: 500 });
      const rows = inBatches(deals, async (batch) => {
        const { customers, staff } = await exportLookups(actor.tenantId, batch);
        return batch.map((d) => [
          d.title,
          customers.get(String(d.customerId))?.code ?? null,
          customers.get(String(d.customerId))?.name ?? null,
          stageNames.get(d.stage) ?? d.stage,
          d.amount / 10 ** minorUnitDigits(d.currency),
          d.currency,
          d.probability,
          d.expectedCloseDate ?? null,
          staff.get(String(d.ownerId)) ?? null,
          d.lostReason ?? null,
          d.closedAt ?? null,
          d.createdAt ?? null,
        ]);
      });
      return streamTableExport(actor, { format, sheetName: 'Deals', header: HEADER, rows, auditEntity: 'deal_export', filters }, output);
    },
  };
}
