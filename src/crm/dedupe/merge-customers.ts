import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdString } from '../customers/customer-input.js';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { buildSearchText } from '../customers/search-text.js';
import { Conflict, Forbidden, InvalidInput } from '../../errors.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayManageCustomerPeople } from '../resolve-data-scope.js';
import { DuplicatePair } from './duplicate-pair-model.js';
import { CUSTOMER_LINKED_COLLECTIONS } from './linked-collections.js';
import { MergeRecord } from './merge-record-model.js';

/** Single-valued fields where the person merging picks whose value stays. */
export const MERGE_FIELDS = ['name', 'company', 'email', 'source', 'industry', 'stage', 'level', 'ownerId', 'contactCycleDays', 'nextFollowUpAt'] as const;
type MergeField = (typeof MERGE_FIELDS)[number];

export const mergeCustomersSchema = z
  .object({
    survivorId: objectIdString,
    mergedId: objectIdString,
    /** Per field: keep the survivor's value (default; the merged one's when the survivor has none) or take the merged customer's. */
    fields: z.partialRecord(z.enum(MERGE_FIELDS), z.enum(['survivor', 'merged'])).default({}),
  })
  .strict();
export type MergeCustomersInput = z.input<typeof mergeCustomersSchema>;

export interface MergeResult {
  mergeId: Types.ObjectId;
  survivor: CustomerDoc;
  moved: Record<string, number>;
}

/**
 * Merges `mergedId` into `survivorId`: the chosen field values, phones/tags/collaborators/custom
 * fields united, every linked record (timeline, reminders, deals, quotes, contracts, WeCom contact
 * bindings) moved over, the merged customer retired (deleted, `mergedInto`), and a merge record
 * kept that unmergeCustomers reverses exactly. Both customers must be ones the actor may manage.
 */
export async function mergeCustomers(actor: Actor, rawInput: MergeCustomersInput): Promise<MergeResult> {
  const input = parseInput(mergeCustomersSchema, rawInput);
  if (input.survivorId === input.mergedId) throw new InvalidInput('a customer cannot be merged into itself', { field: 'mergedId' });
  const survivor = await findCustomerInScope(actor, input.survivorId);
  const merged = await findCustomerInScope(actor, input.mergedId);
  if (!(await mayManageCustomerPeople(actor, survivor)) || !(await mayManageCustomerPeople(actor, merged))) {
    throw new Forbidden('only the owner, their manager or an admin may merge these customers');
  }
  const survivorBefore = survivor.toObject();
  const mergedBefore = merged.toObject();
  const at = new Date();

  const moved: Record<string, string[]> = {};
  for (const [name, collection] of Object.entries(CUSTOMER_LINKED_COLLECTIONS)) {
    const rows = await collection().find({ tenantId: actor.tenantId, customerId: merged._id }, { projection: { _id: 1 } }).toArray();
    moved[name] = rows.map((row) => String(row._id));
  }
  const record = await MergeRecord.create({
    tenantId: actor.tenantId, survivorId: survivor._id, mergedId: merged._id, survivorBefore, mergedBefore, moved, byId: actor.staffId, at,
  });

  // Retire the merged customer first: its phones must be free before the survivor takes them.
  const retired = await Customer.updateOne(
    { _id: merged._id, tenantId: actor.tenantId, deletedAt: null, updatedAt: mergedBefore.updatedAt },
    { $set: { deletedAt: at, mergedInto: survivor._id } },
    { timestamps: false },
  );
  if (retired.modifiedCount !== 1) {
    await MergeRecord.deleteOne({ _id: record._id });
    throw new Conflict('the customer to merge changed meanwhile; reload and try again');
  }
  for (const [name, ids] of Object.entries(moved)) {
    if (ids.length === 0) continue;
    await CUSTOMER_LINKED_COLLECTIONS[name]!().updateMany(
      { _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, customerId: merged._id },
      { $set: { customerId: survivor._id } },
    );
  }
  applyFieldChoices(survivor, merged, input.fields);
  await survivor.save();

  const activity = await recordActivity(actor, {
    customerId: survivor._id,
    type: 'merged',
    content: `合并了 ${merged.name} (${merged.code})`,
    data: { mergeId: String(record._id), mergedId: String(merged._id), mergedCode: merged.code, mergedName: merged.name },
  });
  await MergeRecord.updateOne({ _id: record._id }, { $set: { activityId: activity._id } });
  const [a, b] = [survivor._id, merged._id].sort(compareIds);
  await DuplicatePair.updateOne({ tenantId: actor.tenantId, a, b }, { $set: { status: 'merged' } });
  await recordAudit(actor, { action: 'merge', entity: 'customer', entityId: survivor._id, before: { survivor: survivorBefore, merged: mergedBefore }, after: survivor.toObject() });
  return { mergeId: record._id, survivor, moved: Object.fromEntries(Object.entries(moved).map(([name, ids]) => [name, ids.length])) };
}

function applyFieldChoices(survivor: CustomerDoc, merged: CustomerDoc, choices: Partial<Record<MergeField, 'survivor' | 'merged'>>): void {
  for (const field of MERGE_FIELDS) {
    const mine = survivor.get(field) as unknown;
    const theirs = merged.get(field) as unknown;
    const take = choices[field] === 'merged' || ((mine === undefined || mine === null || mine === '') && choices[field] !== 'survivor');
    if (take && theirs !== undefined) survivor.set(field, theirs);
  }
  survivor.phones = union(survivor.phones, merged.phones);
  survivor.tags = union(survivor.tags, merged.tags);
  const collaborators = new Map([...survivor.collaboratorIds, ...merged.collaboratorIds, merged.ownerId].map((id) => [String(id), id]));
  collaborators.delete(String(survivor.ownerId));
  survivor.collaboratorIds = [...collaborators.values()];
  survivor.customFields = { ...(merged.customFields as object), ...(survivor.customFields as object) };
  if (merged.lastContactAt && (!survivor.lastContactAt || merged.lastContactAt > survivor.lastContactAt)) survivor.lastContactAt = merged.lastContactAt;
  survivor.searchText = buildSearchText(survivor);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

export function compareIds(a: Types.ObjectId, b: Types.ObjectId): number {
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
