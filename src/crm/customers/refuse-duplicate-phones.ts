import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict } from '../../errors.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';

/**
 * A phone number belongs to one customer per tenant, so a duplicate is a 409 whoever asks. Only a
 * caller who may see the existing customer is told which one it is; anyone else learns just that
 * the number is taken (no code, name or owner), so a 409 is no window into another scope.
 */
export async function refuseDuplicatePhones(actor: Actor, phones: string[], exceptCustomerId?: Types.ObjectId): Promise<void> {
  if (phones.length === 0) return;
  const duplicate = await Customer.findOne(
    {
      tenantId: actor.tenantId,
      deletedAt: null,
      phones: { $in: phones },
      ...(exceptCustomerId ? { _id: { $ne: exceptCustomerId } } : {}),
    },
    { _id: 1, code: 1 },
  ).lean();
  if (!duplicate) return;
  const visible = await Customer.exists({ ...(await customerScopeFilter(actor)), _id: duplicate._id });
  if (!visible) throw new Conflict('this phone number belongs to a customer you cannot see; ask your manager');
  throw new Conflict(`a customer with this phone number already exists (${duplicate.code})`, { code: duplicate.code });
}
