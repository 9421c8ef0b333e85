import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, NotFound } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { Quote, type QuoteDoc, type QuoteStatus } from '../models/quote.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { changeQuoteStatusSchema, type ChangeQuoteStatusInput } from './deal-input.js';
import { findDealInScope } from './find-deal-in-scope.js';
import { effectiveQuoteStatus } from './quote-view.js';
import { getSalesSettings } from './sales-settings.js';
import { saveOrConflict } from './save-or-conflict.js';

const NEXT: Record<QuoteStatus, QuoteStatus[]> = {
  draft: ['sent'],
  sent: ['accepted', 'rejected', 'expired'],
  accepted: [],
  rejected: [],
  expired: [],
};

/** A quote in the actor's scope (through its deal). */
export async function findQuoteInScope(actor: Actor, quoteId: string): Promise<QuoteDoc> {
  if (!Types.ObjectId.isValid(quoteId)) throw new NotFound('quote');
  const quote = await Quote.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(quoteId) });
  if (!quote) throw new NotFound('quote');
  await findDealInScope(actor, quote.dealId).catch(() => {
    throw new NotFound('quote');
  });
  return quote;
}

/** 草稿 → 已发送 → 已接受 / 已拒绝 / 已过期; a quote past its validity can no longer be accepted. */
export async function changeQuoteStatus(actor: Actor, quoteId: string, rawInput: ChangeQuoteStatusInput): Promise<{ quote: QuoteDoc; today: string }> {
  const { status } = parseInput(changeQuoteStatusSchema, rawInput);
  const quote = await findQuoteInScope(actor, quoteId);
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone);
  const current = effectiveQuoteStatus(quote, today);
  if (!NEXT[current].includes(status)) {
    throw new Conflict(`status: a ${current} quote cannot become ${status}`, [{ path: 'status', message: `illegal transition ${current} → ${status}` }]);
  }
  const before = quote.toObject();
  quote.status = status;
  await saveOrConflict(quote);
  await recordAudit(actor, { action: 'quote.status', entity: 'quote', entityId: quote._id, before, after: quote.toObject() });
  return { quote, today };
}
