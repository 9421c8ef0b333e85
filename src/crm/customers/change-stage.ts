import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import type { CustomerDoc } from '../models/customer.js';
import { updateCustomer } from './update-customer.js';

/** Moves a customer to a stage given by key, name or alias (潜在/意向/谈判/成交/流失, lead/won…). */
export function changeStage(actor: Actor, customerId: string | Types.ObjectId, stage: string, note?: string): Promise<CustomerDoc> {
  return updateCustomer(actor, customerId, { stage }, { note });
}
