import { z } from 'zod';
import { formatContractNumber } from '../contracts/contract-number.js';

export const NUMBERED_KINDS = ['customers', 'contracts', 'tickets'] as const;
export type NumberedKind = (typeof NUMBERED_KINDS)[number];

/** Contracts: DEFAULT_CONTRACT_NUMBER_FORMAT (src/crm/deals/sales-settings.ts), stored with the sales settings. */
export const DEFAULT_NUMBER_FORMATS: Record<'customers' | 'tickets', string> = {
  customers: 'C{seq:5}',
  tickets: 'T-{seq:4}',
};

/** A number format: literal text with {yyyy} {yy} {mm} and exactly one {seq} or {seq:N} (N digits, zero-padded). */
export const numberFormatSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60)
  .refine((f) => (f.match(/\{seq(:\d)?\}/g) ?? []).length === 1, 'must contain {seq} or {seq:N} exactly once')
  .refine((f) => !/\{(?!yyyy\}|yy\}|mm\}|seq(:\d)?\})/.test(f), 'unknown placeholder (use {yyyy} {yy} {mm} {seq:N})');

/** The number `seq` under `format` on `date` (YYYY-MM-DD in the tenant's zone). */
export function renderNumber(format: string, date: string, seq: number): string {
  return formatContractNumber(format, date, seq);
}
