import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Quote, type QuoteDoc } from '../models/quote.js';
import { findDealInScope } from './find-deal-in-scope.js';
import { getSalesSettings } from './sales-settings.js';

/** Every revision of a deal's quotes, newest first. */
export async function listDealQuotes(actor: Actor, dealId: string): Promise<{ items: QuoteDoc[]; today: string }> {
  const deal = await findDealInScope(actor, dealId);
  const items = await Quote.find({ tenantId: actor.tenantId, dealId: deal._id }).sort({ revision: -1 });
  return { items, today: todayIn((await getSalesSettings(actor.tenantId)).timezone) };
}

/**
 * The newest quote still on offer to a customer (sent or accepted, not past its validity), whoever
 * made it: everyone who can see the customer sees it, so colleagues don't quote against each other blind.
 */
export async function latestValidQuote(actor: Actor, customerId: string | Types.ObjectId): Promise<{ quote: QuoteDoc | null; today: string }> {
  const customer = await findCustomerInScope(actor, customerId);
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone);
  const quote = await Quote.findOne({
    tenantId: actor.tenantId,
    customerId: customer._id,
    status: { $in: ['sent', 'accepted'] },
    validUntil: { $gte: today },
  }).sort({ createdAt: -1, _id: -1 });
  return { quote, today };
}
