import type { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdString } from '../customers/customer-input.js';
import type { Actor } from '../actor.js';
import { customerListConditions } from '../customers/customer-list-filter.js';
import { customerFilterParam } from '../query/customer-filter-schema.js';
import { Customer } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { staffNamesById } from '../staff/staff-names-by-id.js';
import { assertMayExport } from './may-export.js';
import { inBatches, type PreparedExport, streamTableExport } from './stream-table-export.js';
import type { Cell } from './table-writer.js';

export const exportCustomersSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    q: z.string().trim().max(100).optional(),
    stage: z.string().trim().max(40).optional(),
    tag: z.string().trim().max(40).optional(),
    ownerId: objectIdString.optional(),
    filter: customerFilterParam.optional(),
  })
  .strict();
export type ExportCustomersInput = z.input<typeof exportCustomersSchema>;

const HEADER = ['编号 Code', '客户名称 Name', '公司 Company', '手机 Phones', '邮箱 Email', '阶段 Stage', '级别 Level', '标签 Tags',
  '负责人 Owner', '来源 Source', '行业 Industry', '下次跟进 Next follow-up', '最近联系 Last contact', '创建时间 Created', '自定义字段 Custom fields'];

/** Checked before any byte is written, so a refusal can still be an HTTP error. */
export async function prepareCustomerExport(actor: Actor, rawInput: ExportCustomersInput): Promise<PreparedExport> {
  const input = parseInput(exportCustomersSchema, rawInput);
  await assertMayExport(actor, 'customers');
  const { format, ...filters } = input;
  const conditions = await customerListConditions(actor, filters);
  return {
    format,
    name: 'customers',
    run: async (output) => {
      const stages = new Map((await getTenantStages(actor.tenantId)).map((s) => [s.key, s.name]));
      const customers = Customer.find({ $and: conditions }).sort({ _id: 1 }).lean().cursor({ batchSize: 500 });
      const rows = inBatches(customers, async (batch) => {
        const owners = await staffNamesById(actor.tenantId, new Set(batch.map((c) => String(c.ownerId))));
        return batch.map((customer) => toCells(customer, stages, owners));
      });
      return streamTableExport(actor, { format, sheetName: 'Customers', header: HEADER, rows, auditEntity: 'customer_export', filters }, output);
    },
  };
}

function toCells(
  c: { code: string; name: string; company?: string | null; phones?: string[]; email?: string | null; stage: string; level?: string | null; tags?: string[];
    ownerId: Types.ObjectId; source?: string | null; industry?: string | null; nextFollowUpAt?: Date | null; lastContactAt?: Date | null; createdAt?: Date; customFields?: unknown },
  stages: Map<string, string>,
  owners: Map<string, string>,
): Cell[] {
  const custom = Object.entries((c.customFields ?? {}) as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join('/') : String(value)}`)
    .join('; ');
  return [
    c.code, c.name, c.company ?? null, (c.phones ?? []).join(' / '), c.email ?? null, stages.get(c.stage) ?? c.stage, c.level ?? null,
    (c.tags ?? []).join(', '), owners.get(String(c.ownerId)) ?? null, c.source ?? null, c.industry ?? null,
    c.nextFollowUpAt ?? null, c.lastContactAt ?? null, c.createdAt ?? null, custom || null,
  ];
}
