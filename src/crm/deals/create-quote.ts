import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { Product } from '../models/product.js';
import { Quote, type QuoteDoc } from '../models/quote.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { createQuoteSchema, type CreateQuoteInput } from './deal-input.js';
import { findDealInScope } from './find-deal-in-scope.js';
import { computeQuoteTotals } from './quote-totals.js';
import { getSalesSettings } from './sales-settings.js';

export interface QuoteWarning {
  code: 'undercuts_valid_quote';
  message: string;
  quoteId: string;
  total: number;
  createdBy: string | null;
}

/**
 * A new quote revision on a deal, priced on the server. Quoting below a still-valid offer another
 * staff member made to the same customer is allowed but answered with a warning.
 */
export async function createQuote(
  actor: Actor,
  dealId: string,
  rawInput: CreateQuoteInput,
): Promise<{ quote: QuoteDoc; warnings: QuoteWarning[]; today: string }> {
  const input = parseInput(createQuoteSchema, rawInput);
  const deal = await findDealInScope(actor, dealId);
  const today = todayIn((await getSalesSettings(actor.tenantId)).timezone);
  if (input.validUntil < today) throw new InvalidInput('validUntil: must not be in the past', [{ path: 'validUntil', message: 'in the past' }]);

  const productIds = input.lines.flatMap((l) => (l.productId ? [new Types.ObjectId(l.productId)] : []));
  const products = await Product.find({ tenantId: actor.tenantId, _id: { $in: productIds } });
  const byId = new Map(products.map((p) => [String(p._id), p]));
  const lines = input.lines.map((l, i) => {
    const product = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !product) throw new InvalidInput(`lines.${i}.productId: unknown product`, [{ path: `lines.${i}.productId`, message: 'unknown product' }]);
    if (product && !product.active) throw new InvalidInput(`lines.${i}.productId: product ${product.sku} is inactive`, [{ path: `lines.${i}.productId`, message: 'inactive' }]);
    if (product && product.currency !== deal.currency && l.unitPrice === undefined) {
      throw new InvalidInput(`lines.${i}.unitPrice: product is priced in ${product.currency}, the deal in ${deal.currency}; give a unitPrice`, [
        { path: `lines.${i}.unitPrice`, message: 'currency differs' },
      ]);
    }
    return {
      productId: product?._id,
      name: l.name ?? product!.name,
      sku: product?.sku,
      unit: product?.unit,
      quantity: l.quantity,
      unitPrice: l.unitPrice ?? product!.listPrice,
      discountBp: Math.round(l.discountPercent * 100),
    };
  });
  const totals = computeQuoteTotals(lines);

  let quote: QuoteDoc | undefined;
  for (let attempt = 0; attempt < 20 && !quote; attempt++) {
    const last = await Quote.findOne({ tenantId: actor.tenantId, dealId: deal._id }, { revision: 1 }).sort({ revision: -1 }).lean();
    try {
      quote = await Quote.create({
        tenantId: actor.tenantId,
        dealId: deal._id,
        customerId: deal.customerId,
        revision: (last?.revision ?? 0) + 1,
        lines: totals.lines,
        currency: deal.currency,
        subtotal: totals.subtotal,
        discountTotal: totals.discountTotal,
        total: totals.total,
        validUntil: input.validUntil,
        status: input.status,
        createdBy: actor.staffId ?? undefined,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  if (!quote) throw new Conflict('could not number the quote revision, try again');
  await recordAudit(actor, { action: 'quote.create', entity: 'quote', entityId: quote._id, before: null, after: quote.toObject() });

  const undercut = await Quote.find({
    tenantId: actor.tenantId,
    customerId: deal.customerId,
    _id: { $ne: quote._id },
    status: { $in: ['sent', 'accepted'] },
    validUntil: { $gte: today },
    currency: quote.currency,
    total: { $gt: quote.total },
    ...(actor.staffId ? { createdBy: { $ne: actor.staffId } } : {}),
  }).sort({ total: 1 });
  const warnings: QuoteWarning[] = undercut.slice(0, 1).map((q) => ({
    code: 'undercuts_valid_quote',
    message: `this quote (${quote!.total}) is below a valid quote of ${q.total} another colleague gave this customer (valid until ${q.validUntil})`,
    quoteId: String(q._id),
    total: q.total,
    createdBy: q.createdBy ? String(q.createdBy) : null,
  }));
  return { quote, warnings, today };
}
