import { z } from 'zod';
import type { ColumnMapping } from './import-mapping.js';
import { oneColumnPerField, suggestKindMapping } from './kind-columns.js';

/**
 * The columns of a follow-up history file, with the headers (zh/en) that map to them. The customer
 * is found by its number, a phone or its name (whichever columns the file has, in that order).
 */
export const FOLLOWUP_IMPORT_FIELDS = {
  customerCode: ['客户编号', '编号', '客户号', 'customer code', 'customer number', 'code', 'number'],
  customer: ['客户名称', '客户名', '客户', '名称', '姓名', 'customer', 'customer name', 'name', 'client'],
  customerPhone: ['手机', '手机号', '电话', '联系电话', '客户电话', 'mobile', 'phone', 'customer phone', 'tel'],
  at: ['跟进时间', '跟进日期', '时间', '日期', '联系时间', 'date', 'time', 'follow-up date', 'follow-up time', 'at'],
  channel: ['跟进方式', '方式', '渠道', '联系方式', 'channel', 'method', 'type'],
  content: ['跟进内容', '跟进记录', '内容', '记录', '备注', 'content', 'follow-up', 'notes', 'note', 'summary'],
  author: ['跟进人', '负责人', '销售', '记录人', 'author', 'by', 'owner', 'sales rep', 'salesperson'],
} as const satisfies Record<string, readonly string[]>;

export type FollowUpImportField = keyof typeof FOLLOWUP_IMPORT_FIELDS;
export const FOLLOWUP_IMPORT_FIELD_NAMES = Object.keys(FOLLOWUP_IMPORT_FIELDS) as FollowUpImportField[];

/** Each field from one column at most; any other column is ignored. */
export const followUpMappingSchema = z
  .record(z.string().max(200), z.enum(['ignore', ...FOLLOWUP_IMPORT_FIELD_NAMES], {
    error: `use one of ${FOLLOWUP_IMPORT_FIELD_NAMES.join(', ')} or ignore`,
  }))
  .superRefine((mapping, ctx) => {
    oneColumnPerField(mapping, ctx);
    const targets = new Set(Object.values(mapping));
    if (!targets.has('customer') && !targets.has('customerCode') && !targets.has('customerPhone')) {
      ctx.addIssue({ code: 'custom', path: [], message: 'no column names the customer (customer, customerCode or customerPhone)' });
    }
    if (!targets.has('content')) ctx.addIssue({ code: 'custom', path: [], message: 'no column is mapped to content' });
  });

/** The automatic mapping of a follow-up file: known headers to their field, the rest ignored. */
export function suggestFollowUpMapping(labels: string[]): ColumnMapping {
  return suggestKindMapping(FOLLOWUP_IMPORT_FIELDS, labels);
}
