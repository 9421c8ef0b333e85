import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { escapeRegExp } from '../customers/search-text.js';
import { Product, type ProductDoc, type ProductRecord } from '../models/product.js';
import { parseInput } from '../../parse-input.js';
import { listProductsSchema, type ListProductsInput } from './deal-input.js';

/** Everyone in the tenant may read the catalogue (they quote from it); newest first, cursor on _id. */
export async function listProducts(actor: Actor, rawInput: ListProductsInput = {}): Promise<{ items: ProductDoc[]; nextCursor: string | null }> {
  const input = parseInput(listProductsSchema, rawInput);
  const conditions: FilterQuery<ProductRecord>[] = [{ tenantId: actor.tenantId }];
  if (input.active !== 'all') conditions.push({ active: input.active === 'true' });
  if (input.q) {
    const pattern = escapeRegExp(input.q);
    conditions.push({ $or: [{ name: { $regex: pattern, $options: 'i' } }, { skuKey: { $regex: escapeRegExp(input.q.toUpperCase()) } }] });
  }
  if (input.cursor) conditions.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  const rows = await Product.find({ $and: conditions }).sort({ _id: -1 }).limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? String(items[items.length - 1]!._id) : null };
}
