/** The facts that make two customers the same: a phone, an email, a WeCom unionid, or name + company. */
export interface IdentityFacts {
  name?: string | null;
  company?: string | null;
  phones?: readonly string[] | null;
  email?: string | null;
  unionid?: string | null;
}

/** Comparable keys of a customer, strongest first (phones already normalized by normalizePhone). */
export function duplicateKeys(facts: IdentityFacts): string[] {
  const keys: string[] = [];
  if (facts.unionid) keys.push(`u:${facts.unionid.trim()}`);
  for (const phone of facts.phones ?? []) if (phone) keys.push(`p:${phone}`);
  if (facts.email) keys.push(`e:${facts.email.trim().toLowerCase()}`);
  const name = fold(facts.name);
  const company = fold(facts.company);
  if (name && company) keys.push(`n:${name}\u0000${company}`);
  return keys;
}

function fold(text: string | null | undefined): string {
  return (text ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
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
