import { type DuplicateReason, duplicateKeys as keysOf } from '../dedupe/duplicate-keys.js';

/** The facts that make two customers the same: a phone, an email, a WeCom unionid, or name + company. */
export interface IdentityFacts {
  name?: string | null;
  company?: string | null;
  phones?: readonly string[] | null;
  email?: string | null;
  unionid?: string | null;
}

const STRENGTH: readonly DuplicateReason[] = ['unionid', 'phone', 'email', 'name_company'];
const PREFIX: Record<DuplicateReason, string> = { unionid: 'u', phone: 'p', email: 'e', name_company: 'n' };

/**
 * Comparable keys of a customer as one string each, strongest first (phones already normalized by
 * normalizePhone): the duplicate scan's keys (src/crm/dedupe), so an import and the scan agree on
 * what "the same client" is.
 */
export function duplicateKeys(facts: IdentityFacts): string[] {
  const unionid = facts.unionid?.trim();
  return keysOf({ ...facts, unionids: unionid ? [unionid] : [] })
    .sort((x, y) => STRENGTH.indexOf(x.reason) - STRENGTH.indexOf(y.reason))
    .map((k) => `${PREFIX[k.reason]}:${k.key}`);
}

/** Why a key matched, for the preview ("same phone 13800138000"). */
export function describeKey(key: string): string {
  const value = key.slice(2);
  switch (key[0]) {
    case 'u':
      return `same WeCom unionid ${value}`;
    case 'p':
      return `same phone ${value}`;
    case 'e':
      return `same email ${value}`;
    default:
      return `same name and company ${value.replace('\u0000', ' / ')}`;
  }
}
