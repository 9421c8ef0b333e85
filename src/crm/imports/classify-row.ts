import type { Types } from 'mongoose';
import type { DuplicateIndex } from './duplicate-index.js';
import { describeKey, duplicateKeys } from './duplicate-keys.js';
import type { ImportCustomer } from './parse-import-row.js';

export type RowClass = 'new' | 'existing' | 'in_file';

export interface Classification {
  kind: RowClass;
  keys: string[];
  /** The customer the row duplicates (existing, or the one an earlier row created or updated). */
  target?: Types.ObjectId;
  /** "same phone 13800138000 (row 12)". */
  reason?: string;
}

/**
 * A row is a duplicate of a customer already in the CRM when it shares a unionid, a phone, an
 * email or name + company with one; otherwise a duplicate within the file when an earlier row of
 * the file shares one; otherwise new.
 */
export function classifyRow(customer: ImportCustomer, existing: DuplicateIndex, inFile: DuplicateIndex): Classification {
  const keys = duplicateKeys(customer);
  const before = existing.find(keys);
  if (before) return { kind: 'existing', keys, target: before.customerId, reason: describeKey(before.key) };
  const earlier = inFile.find(keys);
  if (earlier) return { kind: 'in_file', keys, target: earlier.customerId, reason: `${describeKey(earlier.key)} (row ${earlier.row})` };
  return { kind: 'new', keys };
}
