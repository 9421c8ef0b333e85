import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { InvalidInput } from '../../errors.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { searchCustomersSchema, type SearchCustomersInput } from './customer-input.js';
import { customerListConditions } from './customer-list-filter.js';

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
  const conditions = await customerListConditions(actor, input);
  if (input.cursor) conditions.push({ _id: { $lt: decodeCursor(input.cursor) } });

  const limit = input.limit;
  const rows = await Customer.find({ $and: conditions }).sort({ _id: -1 }).limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!._id) : null };
}

function decodeCursor(cursor: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(cursor)) throw new InvalidInput('invalid cursor');
  return new Types.ObjectId(cursor);
}
