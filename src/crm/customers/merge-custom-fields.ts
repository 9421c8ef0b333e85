type CustomFields = Record<string, unknown>;

/**
 * Applies a custom-field patch (`null` deletes a field) to the stored fields. The merge runs on a
 * Map and the result is built with Object.fromEntries, which defines own properties: no key is ever
 * assigned onto a plain object, so no name (even one stored before names were checked) can hit a
 * prototype setter and vanish.
 */
export function mergeCustomFields(stored: unknown, patch: CustomFields): CustomFields {
  const merged = new Map<string, unknown>(isRecord(stored) ? Object.entries(stored) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

function isRecord(value: unknown): value is CustomFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
