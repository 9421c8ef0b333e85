const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Matches a small number written in ASCII digits or Chinese numerals (up to 99). */
export const NUMBER_PATTERN = '(?:\\d{1,4}|[零〇一二两三四五六七八九十]{1,3})';

/**
 * Reads "12", "十二", "二十", "两", "三十一" as numbers; null for anything else.
 * Only the forms people type for days, hours and minutes (0–99) are needed here.
 */
export function readNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(text)) return null;
  const tenAt = text.indexOf('十');
  if (tenAt === -1) {
    if (text.length !== 1) return null;
    return DIGITS[text] ?? null;
  }
  if (text.indexOf('十', tenAt + 1) !== -1) return null;
  const before = text.slice(0, tenAt);
  const after = text.slice(tenAt + 1);
  if (before.length > 1 || after.length > 1) return null;
  const tens = before === '' ? 1 : DIGITS[before];
  const units = after === '' ? 0 : DIGITS[after];
  if (tens === undefined || units === undefined || tens === 0) return null;
  return tens * 10 + units;
}
