import { InvalidInput } from '../../src/errors.js';
import { minorUnitDigits } from '../../src/crm/money.js';

export interface ParsedAmount {
  /** Integer minor units (分 for CNY). */
  amount: number;
  currency: string;
}

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 1, 拾: 1, 百: 2, 佰: 2, 千: 3, 仟: 3, k: 3 };
const BIG_UNITS: Record<string, number> = { 万: 4, 萬: 4, w: 4, 亿: 8, 億: 8 };

const PREFIXES: [RegExp, string][] = [
  [/^(?:¥|rmb|cny)\s*/, 'CNY'],
  [/^(?:\$|usd|us\$)\s*/, 'USD'],
  [/^(?:€|eur)\s*/, 'EUR'],
];
const SUFFIXES: [RegExp, string | null][] = [
  // 美元 and 欧元 before 元.
  [/\s*(?:美元|美金|usd)$/, 'USD'],
  [/\s*(?:欧元|eur)$/, 'EUR'],
  [/\s*(?:元整|块钱|元|块|圆|人民币|rmb|cny)$/, 'CNY'],
];

/** Values are kept exact as BigInt scaled by 10^SCALE (no float ever touches money). */
const SCALE = 6;
const pow10 = (n: number) => 10n ** BigInt(n);

/**
 * Reads an amount as people type it in chat — `8万`, `8w`, `80,000`, `¥80000`, `8.5k`,
 * `一百二十万`, `两万五`, `1亿2000万`, `12,345.67元`, `$1.5k` — into integer minor units.
 * A figure finer than the currency's minor unit (0.001 元) or anything unreadable is an InvalidInput.
 */
export function parseAmount(text: string, defaultCurrency = 'CNY'): ParsedAmount {
  const refuse = (why: string) =>
    new InvalidInput(`无法识别金额「${text}」：${why}（例：8万、8.5k、¥80,000、一百二十万）`, [{ path: 'amount', message: why }]);
  let s = text.normalize('NFKC').trim().toLowerCase();
  let currency: string | null = null;
  for (const [re, c] of PREFIXES) if (re.test(s)) { currency = c; s = s.replace(re, ''); break; }
  for (const [re, c] of SUFFIXES) if (re.test(s)) { if (currency && currency !== c) throw refuse('币种矛盾'); currency = c; s = s.replace(re, ''); break; }
  s = s.replace(/\s+/g, '');
  if (s === '') throw refuse('没有数字');
  if (s.startsWith('-')) throw refuse('金额不能为负');

  const value = readNumber(s, refuse);
  const cur = currency ?? defaultCurrency;
  const scaled = value * pow10(minorUnitDigits(cur));
  if (scaled % pow10(SCALE) !== 0n) throw refuse(`精度超过最小货币单位`);
  const minor = scaled / pow10(SCALE);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw refuse('金额太大');
  return { amount: Number(minor), currency: cur };
}

function readNumber(s: string, refuse: (why: string) => Error): bigint {
  let total = 0n; // completed 亿/万 sections
  let section = 0n; // below the current big unit
  let pending: bigint | null = null; // the last number read, not yet multiplied
  let lastUnit = 0; // exponent of the unit just applied
  let zeroSinceUnit = false;
  let lastBig = 99;
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const arabic = /^\d[\d,]*(?:\.\d+)?/.exec(rest);
    if (arabic) {
      if (pending !== null) throw refuse('数字连写');
      const raw = arabic[0];
      if (raw.includes(',') && !/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw)) throw refuse('千分位逗号位置不对');
      pending = decimal(raw.replaceAll(',', ''), refuse);
      i += raw.length;
      continue;
    }
    const ch = s[i]!;
    if (ch in DIGITS) {
      if (DIGITS[ch] === 0) {
        zeroSinceUnit = true;
      } else {
        if (pending !== null) throw refuse('数字连写');
        pending = BigInt(DIGITS[ch]!) * pow10(SCALE);
      }
      i += 1;
      continue;
    }
    if (ch in SMALL_UNITS) {
      const e = SMALL_UNITS[ch]!;
      // 十万 / 十五: a bare 十 means one ten.
      const n = pending ?? (e === 1 ? pow10(SCALE) : null);
      if (n === null) throw refuse(`「${ch}」前缺少数字`);
      section += n * pow10(e);
      pending = null;
      lastUnit = e;
      zeroSinceUnit = false;
      i += 1;
      continue;
    }
    if (ch in BIG_UNITS) {
      const e = BIG_UNITS[ch]!;
      if (e >= lastBig) throw refuse('单位顺序不对');
      const n = section + (pending ?? 0n);
      if (n === 0n) throw refuse(`「${ch}」前缺少数字`);
      total += n * pow10(e);
      section = 0n;
      pending = null;
      lastUnit = e;
      lastBig = e;
      zeroSinceUnit = false;
      i += 1;
      continue;
    }
    throw refuse(`不认识「${ch}」`);
  }
  if (pending !== null) {
    // 两万五 = 25000, 三千五 = 3500, 8万5 = 85000: a trailing single digit right after a unit
    // counts in the next unit down (not after a 零: 一百零五 = 105).
    const single = pending % pow10(SCALE) === 0n && pending < 10n * pow10(SCALE);
    if (lastUnit >= 2 && single && !zeroSinceUnit) pending *= pow10(lastUnit - 1);
    section += pending;
  }
  return total + section;
}

function decimal(raw: string, refuse: (why: string) => Error): bigint {
  const [int, frac = ''] = raw.split('.');
  if (frac.length > SCALE) throw refuse('小数位太多');
  return BigInt(int!) * pow10(SCALE) + BigInt(frac.padEnd(SCALE, '0') || '0');
}
