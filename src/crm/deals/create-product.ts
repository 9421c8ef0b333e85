import type { Actor } from '../actor.js';
import { Product, type ProductDoc } from '../models/product.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { createProductSchema, type CreateProductInput } from './deal-input.js';
import { getSalesSettings } from './sales-settings.js';
import { saveOrConflict } from './save-or-conflict.js';
import { assertCan } from '../permissions/access-of.js';

/** The product catalogue is the admins' to maintain; SKUs are unique per tenant, case-insensitively. */
export async function createProduct(actor: Actor, rawInput: CreateProductInput): Promise<ProductDoc> {
  const input = parseInput(createProductSchema, rawInput);
  assertCan(actor, 'products', 'create', 'only admins maintain the product catalogue');
  const currency = input.currency ?? (await getSalesSettings(actor.tenantId)).defaultCurrency;
  const product = new Product({ tenantId: actor.tenantId, ...input, currency, skuKey: input.sku.toUpperCase(), active: input.active ?? true });
  await saveOrConflict(product, { key: 'skuKey', field: 'sku', message: `"${input.sku}" already exists` });
  await recordAudit(actor, { action: 'product.create', entity: 'product', entityId: product._id, before: null, after: product.toObject() });
  return product;
}
