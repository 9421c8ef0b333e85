import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { InvalidInput } from '../../errors.js';
import { Customer, type CustomerDoc, type CustomerRecord } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { parseInput } from '../../parse-input.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { resolveStage } from '../stages.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { searchCustomersSchema, type SearchCustomersInput } from './customer-input.js';
import { escapeRegExp } from './search-text.js';

export interface CustomerPage {
  items: CustomerDoc[];
  nextCursor: string | null;
}

/**
 * Search by name/company/code (substring, Chinese included), phone (by digits, any formatting)
 * or tag; newest first with a cursor on _id.
 */
export async function searchCustomers(actor: Actor, rawInput: SearchCustomersInput = {}): Promise<CustomerPage> {
  const input = parseInput(searchCustomersSchema, rawInput);
  const conditions: FilterQuery<CustomerRecord>[] = [await customerScopeFilter(actor)];
  if (input.q) conditions.push(queryCondition(input.q));
  if (input.stage) conditions.push({ stage: resolveStage(await getTenantStages(actor.tenantId), input.stage).key });
  if (input.tag) conditions.push({ tags: input.tag });
  if (input.ownerId) conditions.push({ ownerId: new Types.ObjectId(input.ownerId) });
  if (input.cursor) conditions.push({ _id: { $lt: decodeCursor(input.cursor) } });

  const limit = input.limit;
  const rows = await Customer.find({ $and: conditions }).sort({ _id: -1 }).limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!._id) : null };
}

function queryCondition(q: string): FilterQuery<CustomerRecord> {
  const text = q.toLowerCase();
  const or: FilterQuery<CustomerRecord>[] = [{ searchText: { $regex: escapeRegExp(text) } }, { tags: q }];
  const digits = normalizePhone(q);
  // Three or more digits and nothing but phone punctuation: also match phones by substring.
  if (digits.length >= 3 && /^[+\d\s\-()]+$/.test(q)) or.push({ phones: { $regex: escapeRegExp(digits) } });
  return { $or: or };
}

function decodeCursor(cursor: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(cursor)) throw new InvalidInput('invalid cursor');
  return new Types.ObjectId(cursor);
}
