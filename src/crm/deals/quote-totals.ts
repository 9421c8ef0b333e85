import { basisPointsOf } from '../money.js';

export interface PricedLine {
  quantity: number;
  unitPrice: number;
  discountBp: number;
}

/**
 * Line and quote totals in integer minor units, computed only here (the server's figure is the
 * figure): gross = quantity × unit price; discount = gross × bp / 10000 rounded half up per line.
 */
export function computeQuoteTotals<L extends PricedLine>(lines: L[]): {
  lines: (L & { gross: number; discount: number; total: number })[];
  subtotal: number;
  discountTotal: number;
  total: number;
} {
  const priced = lines.map((l) => {
    const gross = l.quantity * l.unitPrice;
    if (!Number.isSafeInteger(gross)) throw new RangeError('line total too large');
    const discount = basisPointsOf(gross, l.discountBp);
    return { ...l, gross, discount, total: gross - discount };
  });
  const subtotal = priced.reduce((s, l) => s + l.gross, 0);
  const discountTotal = priced.reduce((s, l) => s + l.discount, 0);
  return { lines: priced, subtotal, discountTotal, total: subtotal - discountTotal };
}
