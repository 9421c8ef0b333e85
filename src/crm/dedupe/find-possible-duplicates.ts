import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { customerScopeFilter } from '../resolve-data-scope.js';
import { escapeRegExp } from '../customers/search-text.js';
import { type DuplicateFacts, type DuplicateReason, duplicateKeys, duplicateScore } from './duplicate-keys.js';

export interface PossibleDuplicate {
  id: string;
  code: string;
  name: string;
  company: string | null;
  reasons: DuplicateReason[];
  score: number;
}

/**
 * Customers the actor can see that look like the given facts (a new customer about to be or just
 * created): the same phone, email, or name + company. Only visible ones are named.
 */
export async function findPossibleDuplicates(actor: Actor, facts: DuplicateFacts, exceptId?: Types.ObjectId): Promise<PossibleDuplicate[]> {
  const keys = duplicateKeys(facts).filter((k) => k.reason !== 'unionid');
  if (keys.length === 0) return [];
  const or: Record<string, unknown>[] = [];
  for (const { reason } of keys) {
    if (reason === 'phone') or.push({ phones: { $in: facts.phones } });
    if (reason === 'email') or.push({ email: facts.email?.trim() });
    if (reason === 'name_company') or.push({ searchText: { $regex: looseTextPattern(facts.name ?? '') } });
  }
  const rows = await Customer.find({ $and: [await customerScopeFilter(actor), { $or: or }, ...(exceptId ? [{ _id: { $ne: exceptId } }] : [])] })
    .limit(20)
    .lean();
  const wanted = new Map(keys.map((k) => [`${k.reason}\u0001${k.key}`, k.reason]));
  const found: PossibleDuplicate[] = [];
  for (const row of rows) {
    const reasons = [...new Set(duplicateKeys(row).map((k) => wanted.get(`${k.reason}\u0001${k.key}`)).filter((r): r is DuplicateReason => r !== undefined))];
    if (reasons.length > 0) found.push({ id: String(row._id), code: row.code, name: row.name, company: row.company ?? null, reasons, score: duplicateScore(reasons) });
  }
  return found.sort((x, y) => y.score - x.score).slice(0, 5);
}

/** The name's letters with anything but letters and digits allowed between them ("张 三" finds "张三"); the exact comparison follows. */
function looseTextPattern(name: string): string {
  const letters = [...name.normalize('NFKC').toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).slice(0, 12);
  return letters.map(escapeRegExp).join('[^\\p{L}\\p{N}]*');
}
