import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';

/** Finds the existing customer a row of a history file names: by number, phone or name. */
export interface CustomerLookup {
  find(by: { code?: string; phone?: string; name?: string }): { id: Types.ObjectId } | { problem: string };
}

/** The tenant's customers by number, phone and name (names held by several customers are ambiguous). */
export async function loadCustomerLookup(tenantId: Types.ObjectId): Promise<CustomerLookup> {
  const byCode = new Map<string, Types.ObjectId>();
  const byPhone = new Map<string, Types.ObjectId[]>();
  const byName = new Map<string, Types.ObjectId[]>();
  const add = (map: Map<string, Types.ObjectId[]>, key: string, id: Types.ObjectId) => {
    const ids = map.get(key);
    if (!ids) map.set(key, [id]);
    else if (!ids.some((other) => other.equals(id))) ids.push(id);
  };
  const cursor = Customer.find({ tenantId, deletedAt: null }, { code: 1, name: 1, phones: 1 }).lean().cursor({ batchSize: 2000 });
  for await (const c of cursor) {
    byCode.set(c.code.toUpperCase(), c._id);
    add(byName, c.name.trim().normalize('NFKC'), c._id);
    for (const phone of c.phones ?? []) add(byPhone, normalizePhone(phone), c._id);
  }
  const one = (ids: Types.ObjectId[] | undefined, what: string): { id: Types.ObjectId } | { problem: string } | null => {
    if (!ids) return null;
    if (ids.length === 1) return { id: ids[0]! };
    return { problem: `${what} matches ${ids.length} customers; give the customer number` };
  };
  return {
    find(by) {
      if (by.code) {
        const id = byCode.get(by.code.trim().toUpperCase());
        return id ? { id } : { problem: `no customer with number "${by.code.slice(0, 40)}"` };
      }
      const phone = by.phone ? one(byPhone.get(normalizePhone(by.phone)), `phone "${by.phone.slice(0, 40)}"`) : null;
      if (phone) return phone;
      const name = by.name ? one(byName.get(by.name.trim().normalize('NFKC')), `name "${by.name.slice(0, 40)}"`) : null;
      if (name) return name;
      const given = [by.phone && `phone "${by.phone.slice(0, 40)}"`, by.name && `name "${by.name.slice(0, 40)}"`].filter(Boolean).join(' or ');
      return { problem: given ? `no customer with ${given}` : 'empty: the row names no customer' };
    },
  };
}
