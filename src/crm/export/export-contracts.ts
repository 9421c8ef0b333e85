import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { contractBalance } from '../contracts/contract-balance.js';
import { objectIdString } from '../customers/customer-input.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Contract, CONTRACT_STATUSES, type ContractRecord } from '../models/contract.js';
import { minorUnitDigits } from '../money.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { parseInput } from '../../parse-input.js';
import { exportLookups } from './export-lookups.js';
import { assertMayExport } from './may-export.js';
import { inBatches, type PreparedExport, streamTableExport } from './stream-table-export.js';

export const exportContractsSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    status: z.enum(CONTRACT_STATUSES).optional(),
    ownerId: objectIdString.optional(),
    customerId: objectIdString.optional(),
  })
  .strict();
export type ExportContractsInput = z.input<typeof exportContractsSchema>;

const HEADER = ['合同编号 Number', '合同 Title', '客户编号 Customer code', '客户 Customer', '状态 Status', '金额 Amount', '已回款 Paid',
  '未回款 Outstanding', '逾期 Overdue', '币种 Currency', '签订日期 Signed', '开始 Start', '结束 End', '负责人 Owner'];

/** Contracts in the caller's scope with what their money stands at today (in major units). */
export async function prepareContractExport(actor: Actor, rawInput: ExportContractsInput): Promise<PreparedExport> {
  const input = parseInput(exportContractsSchema, rawInput);
  await assertMayExport(actor, 'contracts');
  const { format, ...filters } = input;
  const conditions: FilterQuery<ContractRecord>[] = [await customerRecordScopeFilter(actor)];
  if (filters.status) conditions.push({ status: filters.status });
  if (filters.ownerId) conditions.push({ ownerId: new Types.ObjectId(filters.ownerId) });
  if (filters.customerId) conditions.push({ customerId: new Types.ObjectId(filters.customerId) });
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone);
  return {
    format,
    name: 'contracts',
    run: (output) => {
      const contracts = Contract.find({ $and: conditions }).sort({ _id: 1 }).lean().cursor({ batchSize: 500 });
      const rows = inBatches(contracts, async (batch) => {
        const { customers, staff } = await exportLookups(actor.tenantId, batch);
        return batch.map((c) => {
          const money = contractBalance(c, today);
          const major = (amount: number) => amount / 10 ** minorUnitDigits(c.currency);
          return [
            c.number, c.title, customers.get(String(c.customerId))?.code ?? null, customers.get(String(c.customerId))?.name ?? null, c.status,
            major(money.amount), major(money.paid), major(money.outstanding), major(money.overdue), c.currency,
            c.signedDate ?? null, c.startDate ?? null, c.endDate ?? null, staff.get(String(c.ownerId)) ?? null,
          ];
        });
      });
      return streamTableExport(actor, { format, sheetName: 'Contracts', header: HEADER, rows, auditEntity: 'contract_export', filters }, output);
    },
  };
}
