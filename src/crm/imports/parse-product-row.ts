import { createProductSchema } from '../deals/deal-input.js';
import { isCurrency, parseMajorUnits } from '../money.js';
import type { ColumnMapping } from './import-mapping.js';
import { mappedCells } from './kind-columns.js';
import type { FieldError } from './parse-import-row.js';
import type { SheetRow } from './read-import-rows.js';

export interface ImportProduct {
  name: string;
  sku: string;
  skuKey: string;
  unit: string;
  listPrice: number;
  currency: string;
  active: boolean;
}

export interface ProductRowContext {
  labels: string[];
  mapping: ColumnMapping;
  /** The tenant's sales currency, for rows without one. */
  defaultCurrency: string;
}

export type ParsedProductRow = { ok: true; product: ImportProduct } | { ok: false; errors: FieldError[] };

const ACTIVE_WORDS: Record<string, boolean> = {
  是: true, 启用: true, 在售: true, 上架: true, 有效: true, true: true, yes: true, y: true, '1': true, active: true, enabled: true,
  否: false, 停用: false, 禁用: false, 停售: false, 下架: false, 无效: false, false: false, no: false, n: false, '0': false, inactive: false, disabled: false,
};

/**
 * Validates one row of a product catalogue file with the same rules as creating a product by hand
 * (createProductSchema); the price is read in major units (¥1,299.00) and stored in minor units.
 */
export function parseProductRow(row: SheetRow, ctx: ProductRowContext): ParsedProductRow {
  const errors: FieldError[] = [];
  const cells = mappedCells(row, ctx.labels, ctx.mapping, errors);

  const currencyText = cells.get('currency');
  const currency = (currencyText ?? ctx.defaultCurrency).toUpperCase();
  if (currencyText && !isCurrency(currency)) errors.push({ field: 'currency', message: `unknown currency "${currencyText.slice(0, 40)}" (expected an ISO 4217 code such as CNY)` });

  const priceText = cells.get('listPrice');
  let listPrice: number | undefined;
  if (!priceText) errors.push({ field: 'listPrice', message: 'required (empty cell)' });
  else {
    // Under an unknown currency the price is still checked, as the tenant's currency would read it.
    const priceCurrency = isCurrency(currency) ? currency : ctx.defaultCurrency;
    listPrice = parseMajorUnits(priceText, priceCurrency) ?? undefined;
    if (listPrice === undefined) errors.push({ field: 'listPrice', message: `"${priceText.slice(0, 40)}" is not a price in ${priceCurrency} (use 1299 or ¥1,299.00)` });
  }

  let active = true;
  const activeText = cells.get('active');
  if (activeText) {
    const known = ACTIVE_WORDS[activeText.normalize('NFKC').toLowerCase()];
    if (known === undefined) errors.push({ field: 'active', message: `"${activeText.slice(0, 40)}" is not 是/否 (启用/停用, yes/no)` });
    else active = known;
  }

  const checked = createProductSchema.safeParse({ name: cells.get('name') ?? '', sku: cells.get('sku') ?? '', unit: cells.get('unit') ?? '', listPrice: listPrice ?? 0, currency, active });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  if (errors.length > 0 || !checked.success || listPrice === undefined) return { ok: false, errors };
  const p = checked.data;
  return { ok: true, product: { name: p.name, sku: p.sku, skuKey: p.sku.toUpperCase(), unit: p.unit, listPrice: p.listPrice, currency: p.currency ?? currency, active } };
}
