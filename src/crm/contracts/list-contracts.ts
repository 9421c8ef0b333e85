import { Types, type FilterQuery } from 'mongoose';
import type { Actor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Contract, type ContractDoc, type ContractRecord } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';
import { listContractsSchema, type ListContractsInput } from './contract-input.js';

/** Contracts in the actor's scope by customer, deal, owner or status; newest first, cursor on _id. */
export async function listContracts(
  actor: Actor,
  rawInput: ListContractsInput = {},
): Promise<{ items: ContractDoc[]; nextCursor: string | null; today: string }> {
  const input = parseInput(listContractsSchema, rawInput);
  const conditions: FilterQuery<ContractRecord>[] = [await customerRecordScopeFilter(actor)];
  if (input.customerId) conditions.push({ customerId: new Types.ObjectId(input.customerId) });
  if (input.dealId) conditions.push({ dealId: new Types.ObjectId(input.dealId) });
  if (input.ownerId) conditions.push({ ownerId: new Types.ObjectId(input.ownerId) });
  if (input.status) conditions.push({ status: input.status });
  if (input.cursor) conditions.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  const rows = await Contract.find({ $and: conditions }).sort({ _id: -1 }).limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone);
  return { items, nextCursor: rows.length > input.limit ? String(items[items.length - 1]!._id) : null, today };
}
