import type { Writable } from 'node:stream';
import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdString } from '../customers/customer-input.js';
import type { Actor } from '../actor.js';
import { customerListConditions } from '../customers/customer-list-filter.js';
import { Customer } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { staffNamesById } from '../staff/staff-names-by-id.js';
import { assertMayExport } from './may-export.js';
import { type Cell, createTableWriter, type ExportFormat } from './table-writer.js';


export const exportCustomersSchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    q: z.string().trim().max(100).optional(),
    stage: z.string().trim().max(40).optional(),
    tag: z.string().trim().max(40).optional(),
    ownerId: objectIdString.optional(),
  })
  .strict();
export type ExportCustomersInput = z.input<typeof exportCustomersSchema>;

const HEADER = ['编号 Code', '客户名称 Name', '公司 Company', '手机 Phones', '邮箱 Email', '阶段 Stage', '级别 Level', '标签 Tags',
  '负责人 Owner', '来源 Source', '行业 Industry', '下次跟进 Next follow-up', '最近联系 Last contact', '创建时间 Created', '自定义字段 Custom fields'];

/** Checked before any byte is written, so a refusal can still be an HTTP error. */
export async function prepareCustomerExport(actor: Actor, rawInput: ExportCustomersInput): Promise<{ format: ExportFormat; run(output: Writable): Promise<number> }> {
  const input = parseInput(exportCustomersSchema, rawInput);
  await assertMayExport(actor);
  const { format, ...filters } = input;
  const conditions = await customerListConditions(actor, filters);
  return {
    format,
    run: (output) => writeCustomers(actor, conditions, format, filters, output),
  };
}

async function writeCustomers(
  actor: Actor,
  conditions: Awaited<ReturnType<typeof customerListConditions>>,
  format: ExportFormat,
  filters: Omit<z.output<typeof exportCustomersSchema>, 'format'>,
  output: Writable,
): Promise<number> {
  const stages = new Map((await getTenantStages(actor.tenantId)).map((s) => [s.key, s.name]));
  const owners = new Map<string, string>();
  const table = createTableWriter(format, output, 'Customers');
  await table.row(HEADER);
  let rows = 0;
  let pending: Parameters<typeof toCells>[0][] = [];
  const flush = async () => {
    const missing = [...new Set(pending.map((c) => String(c.ownerId)))].filter((id) => !owners.has(id));
    if (missing.length > 0) for (const [id, name] of await staffNamesById(actor.tenantId, missing)) owners.set(id, name);
    for (const customer of pending) await table.row(toCells(customer, stages, owners));
    pending = [];
  };
  for await (const customer of Customer.find({ $and: conditions }).sort({ _id: 1 }).lean().cursor({ batchSize: 500 })) {
    pending.push(customer);
    rows += 1;
    if (pending.length >= 500) await flush();
  }
  await flush();
  await table.end();
  await recordAudit(actor, {
    action: 'export',
    entity: 'customer_export',
    entityId: new Types.ObjectId(),
    before: null,
    after: { format, filters, rows },
  });
  return rows;
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
