import { Types } from 'mongoose';
import { ExternalContact } from '../contacts/external-contact-model.js';
import { Customer } from '../models/customer.js';
import { duplicateKeys } from './duplicate-keys.js';

/**
 * Identity keys → customer, held in memory for one preview or run: every row is checked against
 * it without a query (the embedded server scans for every lookup). Customer ids are kept once in an
 * array and the map holds small integers, so 100,000 customers cost a few tens of MB.
 */
export class DuplicateIndex {
  private readonly ids: Types.ObjectId[] = [];
  /** The file row that brought the customer in (in-file indexes), 0 for customers already there. */
  private readonly rows: number[] = [];
  private readonly slots = new Map<string, number>();

  /** Points the keys not yet known at the customer (the first row or customer to claim a key keeps it). */
  add(keys: readonly string[], customerId: Types.ObjectId, row = 0): void {
    let slot = this.slotOf(customerId);
    if (slot === undefined) {
      slot = this.ids.push(customerId) - 1;
      this.rows.push(row);
    }
    for (const key of keys) if (!this.slots.has(key)) this.slots.set(key, slot);
  }

  /** The first customer any of the keys points to, the key that matched and the row that added it. */
  find(keys: readonly string[]): { customerId: Types.ObjectId; key: string; row: number } | undefined {
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (slot !== undefined) return { customerId: this.ids[slot]!, key, row: this.rows[slot]! };
    }
    return undefined;
  }

  get size(): number {
    return this.ids.length;
  }

  private slotOf(customerId: Types.ObjectId): number | undefined {
    // Ids are appended in order; the last one is the common repeat (several keys of one customer).
    const last = this.ids.length - 1;
    return last >= 0 && this.ids[last]!.equals(customerId) ? last : undefined;
  }
}

/**
 * The tenant's live customers (and WeCom unionids bound to them) as an index. `exclude` leaves out
 * customers this import itself created (a resumed run counts them as rows of the file, not as
 * customers that were there before).
 */
export async function loadExistingCustomers(tenantId: Types.ObjectId, exclude?: ReadonlySet<string>): Promise<DuplicateIndex> {
  const index = new DuplicateIndex();
  const cursor = Customer.find({ tenantId, deletedAt: null }, { name: 1, company: 1, phones: 1, email: 1 })
    .lean<{ _id: Types.ObjectId; name: string; company?: string; phones?: string[]; email?: string }>()
    .cursor({ batchSize: 2000 });
  for await (const c of cursor) {
    if (exclude?.has(c._id.toHexString())) continue;
    index.add(duplicateKeys(c), c._id);
  }
  const contacts = ExternalContact.find(
    { tenantId, customerId: { $ne: null }, unionid: { $exists: true, $nin: [null, ''] } },
    { unionid: 1, customerId: 1 },
  )
    .lean<{ unionid: string; customerId: Types.ObjectId }>()
    .cursor({ batchSize: 2000 });
  for await (const c of contacts) {
    if (exclude?.has(c.customerId.toHexString())) continue;
    index.add(duplicateKeys({ unionid: c.unionid }), c.customerId);
  }
  return index;
}
