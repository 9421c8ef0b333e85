/**
 * Phones are stored as digits only, without the +86/0086 country prefix, so
 * "+86 138-0013-8000", "13800138000" and "138 0013 8000" are one number.
 */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}
