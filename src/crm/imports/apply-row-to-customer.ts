import type { Types } from 'mongoose';
import { mergeCustomFields } from '../customers/merge-custom-fields.js';
import type { ImportCustomer } from './parse-import-row.js';

/** The fields of a stored customer an import row may change. */
export interface CustomerFields {
  name: string;
  company?: string | null;
  phones: string[];
  email?: string | null;
  tags: string[];
  ownerId: Types.ObjectId;
  stage: string;
  level?: string | null;
  source?: string | null;
  industry?: string | null;
  nextFollowUpAt?: Date | null;
  lastContactAt?: Date | null;
  customFields: Record<string, unknown>;
}

const SIMPLE = ['name', 'company', 'email', 'stage', 'level', 'source', 'industry', 'nextFollowUpAt'] as const;

/**
 * `update`: every field the row gives replaces the stored one (tags too; phones are added, so the
 * number that matched stays); the owner changes only when the row names one. `merge`: only empty
 * fields are filled; tags and phones are the union; custom fields the row adds are kept beside the
 * stored ones. Returns the customer as it becomes (the input is not modified).
 */
export function applyRowToCustomer(current: CustomerFields, row: ImportCustomer, mode: 'update' | 'merge'): CustomerFields {
  const next: CustomerFields = { ...current, phones: [...current.phones], tags: [...current.tags] };
  for (const field of SIMPLE) {
    const value = row[field];
    if (value === undefined) continue;
    if (mode === 'update' || isEmpty(current[field])) (next as unknown as Record<string, unknown>)[field] = value;
  }
  next.phones = union(current.phones, row.phones).slice(0, 10);
  next.tags = mode === 'update' && row.tags.length > 0 ? row.tags : union(current.tags, row.tags).slice(0, 50);
  if (row.ownerGiven && (mode === 'update' || !current.ownerId)) next.ownerId = row.ownerId;
  const stored = current.customFields ?? {};
  const added = mode === 'update' ? row.customFields : Object.fromEntries(Object.entries(row.customFields).filter(([key]) => isEmpty(stored[key])));
  next.customFields = mergeCustomFields(stored, added);
  if (row.followUp) {
    const at = row.followUp.at ?? new Date();
    if (!current.lastContactAt || current.lastContactAt < at) next.lastContactAt = at;
  }
  return next;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
