import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { CustomerDoc } from '../models/customer.js';
import { updateCustomer } from './update-customer.js';

/** Reassigns a customer (managers and admins; the permission check lives in updateCustomer). */
export function assignOwner(actor: Actor, customerId: string | Types.ObjectId, ownerId: string): Promise<CustomerDoc> {
  return updateCustomer(actor, customerId, { ownerId });
}
