import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Product, type ProductDoc } from '../models/product.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { updateProductSchema, type UpdateProductInput } from './deal-input.js';
import { saveOrConflict } from './save-or-conflict.js';
import { assertCan } from '../permissions/access-of.js';

/** Edits or (active: false) retires a product; quotes keep the name and price they were made with. */
export async function updateProduct(actor: Actor, productId: string, rawPatch: UpdateProductInput): Promise<ProductDoc> {
  const patch = parseInput(updateProductSchema, rawPatch);
  assertCan(actor, 'products', 'edit', 'only admins maintain the product catalogue');
  const product = await findProduct(actor, productId);
  const before = product.toObject();
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) product.set(key, value);
  if (patch.sku) product.skuKey = patch.sku.toUpperCase();
  if (!product.isModified()) return product;
  await saveOrConflict(product, { key: 'skuKey', field: 'sku', message: `"${patch.sku}" already exists` });
  await recordAudit(actor, { action: 'product.update', entity: 'product', entityId: product._id, before, after: product.toObject() });
  return product;
}

export async function findProduct(actor: Actor, productId: string): Promise<ProductDoc> {
  if (!Types.ObjectId.isValid(productId)) throw new NotFound('product');
  const product = await Product.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(productId) });
  if (!product) throw new NotFound('product');
  return product;
}
