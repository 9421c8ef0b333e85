import type { Types } from 'mongoose';
import { ExternalContact } from '../contacts/external-contact-model.js';
import { Customer } from '../models/customer.js';
import { type DuplicateReason, duplicateKeys, duplicateScore } from './duplicate-keys.js';
import { DuplicatePair } from './duplicate-pair-model.js';

const MAX_GROUP = 20;

export interface ScanReport {
  customers: number;
  pairs: number;
  newPairs: number;
}

/**
 * Finds every pair of live customers of a tenant that share a duplicate key and records it with its
 * reasons and score. One pass over the customers (a few fields each) and one over the bound WeCom
 * contacts; pairs already dismissed or merged keep their status, open ones get fresh reasons.
 */
export async function scanDuplicates(tenantId: Types.ObjectId, now = new Date()): Promise<ScanReport> {
  const unionids = new Map<string, string[]>();
  for await (const contact of ExternalContact.find({ tenantId, customerId: { $ne: null }, unionid: { $nin: [null, ''] } }, { customerId: 1, unionid: 1 }).lean().cursor()) {
    const id = String(contact.customerId);
    unionids.set(id, [...(unionids.get(id) ?? []), contact.unionid!]);
  }
  const owners = new Map<string, string[]>();
  let customers = 0;
  for await (const customer of Customer.find({ tenantId, deletedAt: null }, { phones: 1, email: 1, name: 1, company: 1 }).lean().cursor({ batchSize: 1000 })) {
    customers += 1;
    const id = String(customer._id);
    for (const { reason, key } of duplicateKeys({ ...customer, unionids: unionids.get(id) })) {
      const slot = `${reason}\u0001${key}`;
      const ids = owners.get(slot);
      if (ids) ids.push(id);
      else owners.set(slot, [id]);
    }
  }
  const pairs = new Map<string, Set<DuplicateReason>>();
  for (const [slot, ids] of owners) {
    // A key shared by dozens (a placeholder phone, "测试/测试") is junk, not a duplicate: pairing them all would be quadratic.
    if (ids.length < 2 || ids.length > MAX_GROUP) continue;
    const reason = slot.slice(0, slot.indexOf('\u0001')) as DuplicateReason;
    const unique = [...new Set(ids)].sort();
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) {
        const pair = `${unique[i]}:${unique[j]}`;
        pairs.set(pair, (pairs.get(pair) ?? new Set()).add(reason));
      }
    }
  }
  let newPairs = 0;
  for (const [pair, reasonSet] of pairs) {
    const [a, b] = pair.split(':');
    const reasons = [...reasonSet].sort();
    const result = await DuplicatePair.updateOne(
      { tenantId, a, b },
      { $set: { reasons, score: duplicateScore(reasons), scannedAt: now }, $setOnInsert: { status: 'open' } },
      { upsert: true },
    );
    newPairs += result.upsertedCount;
  }
  return { customers, pairs: pairs.size, newPairs };
}
