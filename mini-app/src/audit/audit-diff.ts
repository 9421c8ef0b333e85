/** One changed value of an audit entry: where, what it was, what it became (undefined: absent). */
export interface DiffRow {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    // An empty object at the top is "nothing recorded" (a creation has no before); deeper it is a value.
    if (Object.keys(value).length === 0 && prefix) out.set(prefix, value);
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && value.length > 0 && value.some((v) => isPlainObject(v))) {
    value.forEach((inner, i) => flatten(inner, `${prefix}[${i}]`, out));
  } else {
    out.set(prefix, value);
  }
}

/** The leaves that differ between before and after, in the order they first appear; bookkeeping fields left out. */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !/(^|\.)(updatedAt|__v|searchText)$/.test(p));
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((p) => ({ path: p || '(value)', before: a.get(p), after: b.get(p) }));
}

/** A value as one short line: text as is, absent as —, anything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
