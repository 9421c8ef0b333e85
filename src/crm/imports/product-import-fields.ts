import { z } from 'zod';
import type { ColumnMapping } from './import-mapping.js';
import { oneColumnPerField, suggestKindMapping } from './kind-columns.js';

/** The columns of a product catalogue file, with the headers (zh/en) that map to them. */
export const PRODUCT_IMPORT_FIELDS = {
  name: ['产品名称', '名称', '产品', '品名', 'name', 'product', 'product name'],
  sku: ['编码', 'sku', '货号', '产品编码', '物料编码', 'code', 'item code'],
  unit: ['单位', '计量单位', 'unit', 'uom'],
  listPrice: ['单价', '价格', '售价', '标准价', 'list price', 'price', 'unit price'],
  currency: ['币种', '货币', 'currency'],
  active: ['状态', '启用', '是否启用', 'active', 'status', 'enabled'],
} as const satisfies Record<string, readonly string[]>;

export type ProductImportField = keyof typeof PRODUCT_IMPORT_FIELDS;
export const PRODUCT_IMPORT_FIELD_NAMES = Object.keys(PRODUCT_IMPORT_FIELDS) as ProductImportField[];
const REQUIRED: ProductImportField[] = ['name', 'sku', 'unit', 'listPrice'];

/** Each field from one column at most; name, SKU, unit and price must each have one. */
export const productMappingSchema = z
  .record(z.string().max(200), z.enum(['ignore', ...PRODUCT_IMPORT_FIELD_NAMES], {
    error: `use one of ${PRODUCT_IMPORT_FIELD_NAMES.join(', ')} or ignore`,
  }))
  .superRefine((mapping, ctx) => {
    oneColumnPerField(mapping, ctx);
    const targets = new Set(Object.values(mapping));
    for (const field of REQUIRED) if (!targets.has(field)) ctx.addIssue({ code: 'custom', path: [], message: `no column is mapped to ${field}` });
  });

/** What to do with a row whose SKU is already in the catalogue (a repeat within the file is always skipped). */
export const productChoicesSchema = z.object({ existing: z.enum(['skip', 'update']).default('skip') }).strict();
export type ProductChoices = z.output<typeof productChoicesSchema>;

export function suggestProductMapping(labels: string[]): ColumnMapping {
  return suggestKindMapping(PRODUCT_IMPORT_FIELDS, labels);
}
