/** Standard fields statistics group customers by; custom fields join as `custom.<key>`. */
export const STANDARD_DIMENSIONS = ['source', 'level', 'industry'] as const;

/**
 * A customer's analysable dimensions, as plain strings, recorded on the facts (created, stage
 * moves) so that counting a fact later — live or in a rebuild — uses the values of its moment.
 */
export function customerDimensions(customer: {
  source?: string | null;
  level?: string | null;
  industry?: string | null;
  customFields?: Record<string, unknown> | null;
}): Record<string, string> {
  const dims: Record<string, string> = {};
  for (const key of STANDARD_DIMENSIONS) {
    const value = customer[key];
    if (typeof value === 'string' && value.trim()) dims[key] = value;
  }
  for (const [key, value] of Object.entries(customer.customFields ?? {})) {
    if (typeof value === 'string' && value.trim()) dims[`custom.${key}`] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') dims[`custom.${key}`] = String(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') dims[`custom.${key}`] = v;
  }
  return dims;
}
