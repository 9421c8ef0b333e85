import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { CustomerDoc } from '../models/customer.js';
import { findCustomerInScope } from './find-customer-in-scope.js';
import { updateCustomer } from './update-customer.js';

/** Adds and removes tags relative to the current set (what `/tag 张三 +VIP -冷淡` means). */
export async function updateTags(
  actor: Actor,
  customerId: string | Types.ObjectId,
  change: { add?: string[]; remove?: string[] },
): Promise<CustomerDoc> {
  const customer = await findCustomerInScope(actor, customerId);
  const remove = new Set(change.remove ?? []);
  const next = [...customer.tags.filter((t) => !remove.has(t)), ...(change.add ?? []).filter((t) => !remove.has(t))];
  return updateCustomer(actor, customer._id, { tags: [...new Set(next)] });
}
