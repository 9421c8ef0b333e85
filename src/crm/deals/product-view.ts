import type { ProductDoc } from '../models/product.js';

export interface ProductView {
  id: string;
  name: string;
  sku: string;
  unit: string;
  listPrice: number;
  currency: string;
  active: boolean;
  version: number;
}

export function toProductView(p: ProductDoc): ProductView {
  return { id: String(p._id), name: p.name, sku: p.sku, unit: p.unit, listPrice: p.listPrice, currency: p.currency, active: p.active ?? true, version: p.version as number };
}
