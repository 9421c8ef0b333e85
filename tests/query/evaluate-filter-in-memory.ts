/**
 * The universal query's meaning, written independently of the compiler: evaluates a filter on plain
 * documents the way the API is documented to (eq on a list = "has", ne/nin also match a missing
 * value, comparisons never match a missing one, contains is a case-insensitive literal substring).
 */
export interface Doc {
  [path: string]: unknown;
}
export interface Cond {
  field: string;
  operator: string;
  value?: unknown;
}
export interface Group {
  op: 'and' | 'or';
  conditions: (Cond | Group)[];
}

export interface FieldInfo {
  path: string;
  kind: string;
  array?: boolean;
}

/** Comparable form of a stored or given value: Dates as ms, ids as hex. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (value && typeof value === 'object' && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
    return (value as { toHexString(): string }).toHexString();
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export function evaluate(
  doc: Doc,
  filter: Group | Cond,
  fieldInfo: (field: string) => FieldInfo,
  departmentsOfOwner: (ownerHex: string) => string[],
): boolean {
  if ('op' in filter) {
    const results = filter.conditions.map((c) => evaluate(doc, c, fieldInfo, departmentsOfOwner));
    return filter.op === 'and' ? results.every(Boolean) : results.some(Boolean);
  }
  const info = fieldInfo(filter.field);
  const raw = info.path.startsWith('customFields.') ? (doc.customFields as Doc | undefined)?.[info.path.slice(13)] : doc[info.path];
  const stored = plain(raw);
  const value = plain(filter.value);
  if (info.kind === 'department') {
    const depts = departmentsOfOwner(stored as string);
    const wanted = filter.operator === 'eq' || filter.operator === 'ne' ? [value as string] : (value as string[]);
    const inside = depts.some((d) => wanted.includes(d));
    return filter.operator === 'eq' || filter.operator === 'in' ? inside : !inside;
  }
  const present = stored !== undefined && stored !== null;
  const elements = Array.isArray(stored) ? stored : present ? [stored] : [];
  switch (filter.operator) {
    case 'eq':
      return elements.some((e) => e === value);
    case 'ne':
      return !elements.some((e) => e === value);
    case 'in':
      return elements.some((e) => (value as unknown[]).includes(e));
    case 'nin':
      return !elements.some((e) => (value as unknown[]).includes(e));
    case 'contains':
      return elements.some((e) => typeof e === 'string' && e.toLowerCase().includes(String(value).toLowerCase()));
    case 'gt':
      return present && typeof stored === typeof value && (stored as number) > (value as number);
    case 'gte':
      return present && typeof stored === typeof value && (stored as number) >= (value as number);
    case 'lt':
      return present && typeof stored === typeof value && (stored as number) < (value as number);
    case 'lte':
      return present && typeof stored === typeof value && (stored as number) <= (value as number);
    case 'between': {
      const [low, high] = value as [number, number];
      return present && typeof stored === typeof low && (stored as number) >= low && (stored as number) <= high;
    }
    case 'exists':
      return present === value;
    case 'empty': {
      const blank = !present || (info.kind === 'text' && stored === '') || (Array.isArray(stored) && stored.length === 0);
      return blank === value;
    }
    default:
      throw new Error(`operator ${filter.operator}`);
  }
}
