import { minorUnitDigits } from '../../src/crm/money.js';

/** 8000000 CNY → ¥80,000.00; 150000 USD → 150,000.00 USD… minor units back to what people read. */
export function formatAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const text = (amount / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return currency === 'CNY' ? `¥${text}` : `${text} ${currency}`;
}
