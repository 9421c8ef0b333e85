import type { Types } from 'mongoose';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Product } from '../models/product.js';
import type { RowClass } from './classify-row.js';
import type { ColumnMapping } from './import-mapping.js';
import type { ImportProduct, ProductRowContext } from './parse-product-row.js';

export async function loadProductRowContext(tenantId: Types.ObjectId, labels: string[], mapping: ColumnMapping): Promise<ProductRowContext> {
  return { labels, mapping, defaultCurrency: (await getSalesSettings(tenantId)).defaultCurrency };
}

export interface ProductClassification {
  kind: RowClass;
  /** The catalogue product (existing) an `existing` row names. */
  target?: Types.ObjectId;
  reason?: string;
}

/**
 * Classifies product rows by SKU (case-insensitive, as the catalogue's uniqueness): new, already in
 * the catalogue, or a repeat of an earlier row of the file. `ignore` leaves out products this very
 * import created (a resumed run must not see its own rows as existing).
 */
export class ProductSkuIndex {
  private readonly inFile = new Map<string, number>();

  private constructor(private readonly existing: Map<string, Types.ObjectId>) {}

  static async load(tenantId: Types.ObjectId, ignore: Set<string> = new Set()): Promise<ProductSkuIndex> {
    const products = await Product.find({ tenantId }, { skuKey: 1 }).lean<Array<{ _id: Types.ObjectId; skuKey: string }>>();
    return new ProductSkuIndex(new Map(products.filter((p) => !ignore.has(p._id.toHexString())).map((p) => [p.skuKey, p._id])));
  }

  classify(product: ImportProduct, row: number): ProductClassification {
    const earlier = this.inFile.get(product.skuKey);
    if (earlier !== undefined) return { kind: 'in_file', reason: `same SKU "${product.sku}" as row ${earlier}` };
    this.inFile.set(product.skuKey, row);
    const target = this.existing.get(product.skuKey);
    if (target) return { kind: 'existing', target, reason: `SKU "${product.sku}" is in the catalogue` };
    return { kind: 'new' };
  }
}
