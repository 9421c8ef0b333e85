import { z } from 'zod';

/** ISO 4217 codes the runtime knows (CNY, USD, JPY…); anything else is refused by name. */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}

/** Digits after the decimal point of a currency's minor unit (CNY 2, JPY 0, KWD 3). */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export const currencySchema = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine(isCurrency, 'unknown currency (expected an ISO 4217 code such as CNY)');

/** Money is always an integer count of minor units (分): never a float, never negative. */
export const minorUnitsSchema = z
  .number({ error: 'must be a number of minor units (integer)' })
  .int('must be an integer number of minor units (e.g. 分), not a fraction')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'too large');

/** A positive amount (payments, installments). */
export const positiveMinorUnitsSchema = minorUnitsSchema.refine((n) => n > 0, 'must be greater than 0');

/** `amount × bp / 10000`, rounded half up, exactly (BigInt: no float error on large amounts). */
export function basisPointsOf(amount: number, bp: number): number {
  const product = BigInt(amount) * BigInt(bp);
  return Number((product + 5000n) / 10000n);
}

/** 8000000 CNY → ¥80,000.00; 150000 USD → 150,000.00 USD: minor units back to what people read. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const text = (amount / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return currency === 'CNY' ? `¥${text}` : `${text} ${currency}`;
}

/**
 * A price as a spreadsheet shows it in major units — `1299`, `1,299.00`, `¥1,299.00`, `12.5元` —
 * into integer minor units of `currency`, exactly (no float). Null when it does not read as one,
 * or is finer than the currency's minor unit.
 */
export function parseMajorUnits(text: string, currency: string): number | null {
  const s = text.normalize('NFKC').trim().replace(/^(?:¥|\$|€|£|[A-Za-z]{3})\s*/, '').replace(/\s*(?:元|[A-Za-z]{3})$/, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!match) return null;
  const digits = minorUnitDigits(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return null;
  const minor = BigInt(match[1]!.replaceAll(',', '') + fraction.padEnd(digits, '0'));
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor);
}
