import type { QuoteDoc, QuoteStatus } from '../models/quote.js';

export interface QuoteView {
  id: string;
  dealId: string;
  customerId: string;
  revision: number;
  lines: { productId: string | null; name: string; sku: string | null; unit: string | null; quantity: number; unitPrice: number; discountBp: number; gross: number; discount: number; total: number }[];
  currency: string;
  subtotal: number;
  discountTotal: number;
  total: number;
  validUntil: string;
  /** A draft or sent quote past its validity date reads as expired. */
  status: QuoteStatus;
  createdBy: string | null;
  version: number;
  createdAt: string;
}

export function effectiveQuoteStatus(quote: { status: string; validUntil: string }, today: string): QuoteStatus {
  if ((quote.status === 'draft' || quote.status === 'sent') && quote.validUntil < today) return 'expired';
  return quote.status as QuoteStatus;
}

export function toQuoteView(q: QuoteDoc, today: string): QuoteView {
  return {
    id: String(q._id),
    dealId: String(q.dealId),
    customerId: String(q.customerId),
    revision: q.revision,
    lines: q.lines.map((l) => ({
      productId: l.productId ? String(l.productId) : null,
      name: l.name,
      sku: l.sku ?? null,
      unit: l.unit ?? null,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountBp: l.discountBp,
      gross: l.gross,
      discount: l.discount,
      total: l.total,
    })),
    currency: q.currency,
    subtotal: q.subtotal,
    discountTotal: q.discountTotal,
    total: q.total,
    validUntil: q.validUntil,
    status: effectiveQuoteStatus(q, today),
    createdBy: q.createdBy ? String(q.createdBy) : null,
    version: q.version as number,
    createdAt: q.createdAt.toISOString(),
  };
}
