/** Why two customers may be one: the same normalized phone, email, WeCom unionid, or name + company. */
export type DuplicateReason = 'phone' | 'email' | 'unionid' | 'name_company';

/** How much each reason alone says; several reasons combine as independent evidence (1 − Π(1 − w)). */
export const REASON_WEIGHTS: Record<DuplicateReason, number> = { unionid: 0.99, phone: 0.9, email: 0.8, name_company: 0.7 };

export function duplicateScore(reasons: readonly DuplicateReason[]): number {
  const miss = reasons.reduce((product, reason) => product * (1 - REASON_WEIGHTS[reason]), 1);
  return Math.round((1 - miss) * 1000) / 1000;
}

export interface DuplicateFacts {
  phones?: readonly string[] | null;
  email?: string | null;
  name?: string | null;
  company?: string | null;
  unionids?: readonly string[];
}

/** The keys under which two customers collide; equal key = equal reason. */
export function duplicateKeys(facts: DuplicateFacts): { reason: DuplicateReason; key: string }[] {
  const keys: { reason: DuplicateReason; key: string }[] = [];
  for (const phone of facts.phones ?? []) if (phone) keys.push({ reason: 'phone', key: phone });
  const email = facts.email?.trim().toLowerCase();
  if (email) keys.push({ reason: 'email', key: email });
  for (const unionid of facts.unionids ?? []) keys.push({ reason: 'unionid', key: unionid });
  const name = squash(facts.name);
  const company = squash(facts.company);
  if (name && company) keys.push({ reason: 'name_company', key: `${name}\u0000${company}` });
  return keys;
}

/** Case, width of spaces and punctuation do not make two names different. */
function squash(text: string | null | undefined): string {
  return (text ?? '').normalize('NFKC').toLowerCase().replace(/[\s\p{P}]+/gu, '');
}
