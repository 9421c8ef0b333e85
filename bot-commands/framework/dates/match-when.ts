import { DateTime } from 'luxon';
import { foldWidth } from '../fold-width.js';
import { NUMBER_PATTERN as N, readNumber } from './chinese-number.js';

/**
 * A small grammar for the date and time phrases salespeople type, in Chinese and English,
 * resolved in the tenant's time zone. Weeks run Monday to Sunday (下周二 is the Tuesday of
 * next week). See parse-when.ts for the entry points and the rules in one place.
 */

export interface When {
  /** Calendar day in the tenant time zone, `YYYY-MM-DD`. */
  date: string;
  /** Hour and minute in the tenant time zone, when the phrase named a time (or a part of the day). */
  time?: { hour: number; minute: number };
  /** The instant: the date at its time, or at the default hour (09:00) when no time was named. */
  at: Date;
  /** The phrase as typed. */
  text: string;
}

export interface WhenOptions {
  now: Date;
  /** IANA zone, e.g. Asia/Shanghai. */
  timeZone: string;
  /** Hour used for a date without a time; 9 unless told. */
  defaultHour?: number;
}

/**
 * 'command': the phrase is an argument the user gave on purpose (a bare "3点" is a time).
 * 'free-text': the phrase sits inside a note, so a bare number with 点 ("降了3点") is not taken as a time.
 */
export type MatchMode = 'command' | 'free-text';

type Period = 'early' | 'morning' | 'am' | 'noon' | 'afternoon' | 'dusk' | 'evening';

const PERIOD_DEFAULT: Record<Period, { hour: number; minute: number }> = {
  early: { hour: 6, minute: 0 },
  morning: { hour: 9, minute: 0 },
  am: { hour: 9, minute: 0 },
  noon: { hour: 12, minute: 0 },
  afternoon: { hour: 14, minute: 0 },
  dusk: { hour: 18, minute: 0 },
  evening: { hour: 20, minute: 0 },
};

const CN_PERIOD: Record<string, Period> = {
  凌晨: 'early', 早上: 'morning', 早晨: 'morning', 清晨: 'morning', 上午: 'morning', 早: 'morning',
  中午: 'noon', 正午: 'noon', 下午: 'afternoon', 午后: 'afternoon', 傍晚: 'dusk',
  晚上: 'evening', 晚间: 'evening', 夜里: 'evening', 夜间: 'evening', 晚: 'evening',
};
const CN_PERIOD_WORDS = '凌晨|早上|早晨|清晨|上午|中午|正午|下午|午后|傍晚|晚上|晚间|夜里|夜间|早|晚';

const EN_PERIOD: Record<string, Period> = {
  morning: 'morning', afternoon: 'afternoon', evening: 'evening', tonight: 'evening', night: 'evening', noon: 'noon',
};

const WEEKDAY_CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };
const WEEKDAY_EN: [RegExp, number][] = [
  [/^mon/, 1], [/^tue/, 2], [/^wed/, 3], [/^thu/, 4], [/^fri/, 5], [/^sat/, 6], [/^sun/, 7],
];
const WEEKDAY_EN_PATTERN =
  'monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun';
const MONTH_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_EN_PATTERN =
  'january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec';
const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, couple: 2, 'a couple of': 2,
};
const EN_NUMBER_PATTERN = '\\d{1,3}|a couple of|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
/** Lookahead: an English word ends here. */
const END = '(?![a-z0-9])';

/** The tenant's clock for one parse. Built once per call, not once per position tried. */
export interface WhenClock {
  now: DateTime;
  today: DateTime;
}

export function whenClock(opts: WhenOptions): WhenClock {
  const now = DateTime.fromJSDate(opts.now, { zone: opts.timeZone });
  if (!now.isValid) throw new RangeError(`invalid time zone: ${opts.timeZone}`);
  return { now, today: now.startOf('day') };
}

/** What a date matcher found: a day (with an optional implied part of the day), or an exact instant. */
interface DatePart {
  end: number;
  day?: DateTime;
  exact?: DateTime;
  period?: Period;
  /** When the day is in the past, move it forward by one of these (周五 said on Saturday means next Friday). */
  roll?: 'week' | 'month' | 'year';
  rollDayOfMonth?: number;
}

interface TimePart {
  end: number;
  hour: number;
  minute: number;
  /** 晚上12点 is midnight at the end of the day. */
  dayShift: number;
  /** A bare number with 点 and no part of the day, which free text does not take alone. */
  weak: boolean;
}

function sticky(source: string): RegExp {
  return new RegExp(source, 'yi');
}

function exec(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.toLowerCase().trim();
  if (t in EN_NUMBERS) return EN_NUMBERS[t] ?? null;
  return readNumber(t);
}

// ---------- times ----------

function applyPeriod(period: Period | undefined, hour: number, minute: number, padded: boolean): { hour: number; dayShift: number } | null {
  if (minute < 0 || minute > 59) return null;
  switch (period) {
    case undefined:
      if (hour > 23) return null;
      // Said without a part of the day, 1–6 o'clock means the afternoon: nobody books a client call at 3 am.
      if (!padded && hour >= 1 && hour <= 6) return { hour: hour + 12, dayShift: 0 };
      return { hour, dayShift: 0 };
    case 'early':
      if (hour === 12) return { hour: 0, dayShift: 0 };
      return hour <= 6 ? { hour, dayShift: 0 } : null;
    case 'am':
      if (hour < 1 || hour > 12) return null;
      return { hour: hour === 12 ? 0 : hour, dayShift: 0 };
    case 'morning':
      return hour <= 12 ? { hour, dayShift: 0 } : null;
    case 'noon':
      if (hour === 11 || hour === 12) return { hour, dayShift: 0 };
      return hour >= 1 && hour <= 3 ? { hour: hour + 12, dayShift: 0 } : null;
    case 'afternoon':
      if (hour >= 1 && hour <= 11) return { hour: hour + 12, dayShift: 0 };
      return hour >= 12 && hour <= 23 ? { hour, dayShift: 0 } : null;
    case 'dusk':
    case 'evening':
      if (hour >= 1 && hour <= 11) return { hour: hour + 12, dayShift: 0 };
      if (hour === 12 || hour === 0 || hour === 24) return { hour: 0, dayShift: 1 };
      return hour <= 23 ? { hour, dayShift: 0 } : null;
  }
}

const RE_TIME_CN = sticky(
  `(?:(${CN_PERIOD_WORDS})\\s*)?(${N})\\s*[点點时時](?:钟|鐘)?\\s*(?:(半)|(一刻)|(三刻)|(${N})\\s*分?)?`,
);
const RE_TIME_COLON = sticky(`(?:(${CN_PERIOD_WORDS})\\s*)?(\\d{1,2}):(\\d{2})(?!\\d)(?:\\s*(a\\.?m\\.?|p\\.?m\\.?)${END})?`);
const RE_TIME_AMPM = sticky(`(?:at\\s+)?(\\d{1,2})(?:[:.](\\d{2}))?\\s*(a\\.?m\\.?|p\\.?m\\.?)${END}`);
const RE_TIME_AT = sticky(`at\\s+(\\d{1,2})(?::(\\d{2}))?(?![\\d:a-z])(?:\\s*o'?\\s*clock)?`);
const RE_PERIOD_CN = sticky(`(凌晨|早上|早晨|清晨|上午|中午|正午|下午|午后|傍晚|晚上|晚间|夜里|夜间)`);
const RE_PERIOD_EN = sticky(`(?:(?:in|at)\\s+(?:the\\s+)?)?(morning|afternoon|evening|noon|night)${END}`);

function periodOfAmPm(s: string | undefined): Period | undefined {
  if (!s) return undefined;
  return s.toLowerCase().startsWith('a') ? 'am' : 'afternoon';
}

function matchTime(text: string, pos: number, implied: Period | undefined): TimePart | null {
  let m = exec(RE_TIME_COLON, text, pos);
  if (m) {
    const period = periodOfAmPm(m[4]) ?? (m[1] ? CN_PERIOD[m[1]] : implied);
    const hourText = m[2] ?? '';
    const r = applyPeriod(period, Number(hourText), Number(m[3]), hourText.length === 2);
    if (r) return { end: m.index + m[0].length, hour: r.hour, minute: Number(m[3]), dayShift: r.dayShift, weak: false };
  }
  m = exec(RE_TIME_CN, text, pos);
  if (m) {
    const explicit = m[1] ? CN_PERIOD[m[1]] : undefined;
    const period = explicit ?? implied;
    const hour = num(m[2]);
    let minute = 0;
    if (m[3]) minute = 30;
    else if (m[4]) minute = 15;
    else if (m[5]) minute = 45;
    else if (m[6]) minute = num(m[6]) ?? -1;
    if (hour !== null) {
      const r = applyPeriod(period, hour, minute, (m[2] ?? '').length === 2 && (m[2] ?? '').startsWith('0'));
      if (r) {
        return { end: m.index + m[0].length, hour: r.hour, minute, dayShift: r.dayShift, weak: period === undefined };
      }
    }
  }
  m = exec(RE_TIME_AMPM, text, pos);
  if (m) {
    const r = applyPeriod(periodOfAmPm(m[3]), Number(m[1]), m[2] ? Number(m[2]) : 0, false);
    if (r) return { end: m.index + m[0].length, hour: r.hour, minute: m[2] ? Number(m[2]) : 0, dayShift: r.dayShift, weak: false };
  }
  m = exec(RE_TIME_AT, text, pos);
  if (m) {
    const minute = m[2] ? Number(m[2]) : 0;
    const r = applyPeriod(implied, Number(m[1]), minute, false);
    if (r) return { end: m.index + m[0].length, hour: r.hour, minute, dayShift: r.dayShift, weak: false };
  }
  m = exec(RE_PERIOD_CN, text, pos);
  if (m && !/^\s*\d/.test(text.slice(m.index + m[0].length))) {
    const p = CN_PERIOD[m[1] ?? ''];
    if (p) return { end: m.index + m[0].length, ...PERIOD_DEFAULT[p], dayShift: 0, weak: false };
  }
  m = exec(RE_PERIOD_EN, text, pos);
  if (m) {
    const p = EN_PERIOD[(m[1] ?? '').toLowerCase()];
    if (p) return { end: m.index + m[0].length, ...PERIOD_DEFAULT[p], dayShift: 0, weak: false };
  }
  return null;
}

// ---------- dates ----------

const RE_DAY_CN = sticky('(大后天|后天|明天|明日|明儿|今天|今日|今儿|昨天|前天|今晚|今夜|今早|明早|明晨|明晚|明夜)');
const DAY_CN: Record<string, [number, Period?]> = {
  今天: [0], 今日: [0], 今儿: [0], 明天: [1], 明日: [1], 明儿: [1], 后天: [2], 大后天: [3], 昨天: [-1], 前天: [-2],
  今晚: [0, 'evening'], 今夜: [0, 'evening'], 今早: [0, 'morning'], 明早: [1, 'morning'], 明晨: [1, 'morning'],
  明晚: [1, 'evening'], 明夜: [1, 'evening'],
};
const RE_OFFSET_CN = sticky(`(${N}|半)\\s*(个)?\\s*(天|日|周|星期|礼拜|月|小时|钟头|分钟)\\s*(?:以后|之后|后)`);
const RE_OFFSET_GUO_CN = sticky(`过\\s*(${N}|半)\\s*(个)?\\s*(天|周|星期|礼拜|月)(?:\\s*(?:以后|之后|后))?`);
const RE_WEEKDAY_CN = sticky('(下下个?|下个?|这个?|本|上个?)?\\s*(?:周|週|星期|礼拜|禮拜)([一二三四五六日天七1-7])');
const RE_WEEK_CN = sticky('(下下个?|下个?|这个?|本)?\\s*(?:周|星期|礼拜)(末)?');
const RE_MONTH_REL_CN = sticky(`(下个?|本|这个?)?月\\s*(?:(${N})\\s*[号日]|(底|末|初))?`);
const RE_YMD = sticky('(\\d{4})\\s*(?:[-/.]|年)\\s*(\\d{1,2})\\s*(?:[-/.]|月)\\s*(\\d{1,2})(?!\\d)\\s*(?:日|号)?');
const RE_MD_CN = sticky(`(${N})\\s*月\\s*(${N})\\s*(?:日|号)?`);
const RE_DOM_CN = sticky(`(${N})\\s*[号日](?![楼层栋单室线])`);

const RE_DAY_EN = sticky(`(today|tonight|tomorrow|tmrw|tmr|(?:the\\s+)?day\\s+after\\s+tomorrow|yesterday)${END}`);
const RE_WEEKDAY_EN = sticky(`(?:on\\s+)?(?:(next|this|coming)\\s+)?(${WEEKDAY_EN_PATTERN})${END}`);
const RE_WEEK_MONTH_EN = sticky(`(next|this)\\s+(week|month)${END}`);
const RE_END_OF_MONTH_EN = sticky(`(?:by\\s+)?(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?month${END}`);
const RE_IN_EN = sticky(
  `in\\s+(${EN_NUMBER_PATTERN})\\s+(days?|weeks?|months?|hours?|hrs?|minutes?|mins?)${END}`,
);
const RE_LATER_EN = sticky(`(${EN_NUMBER_PATTERN})\\s+(days?|weeks?|months?)\\s+(?:later|from\\s+now)${END}`);
const RE_MONTH_DAY_EN = sticky(`(?:on\\s+)?(${MONTH_EN_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])`);
const RE_DAY_MONTH_EN = sticky(`(?:on\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_EN_PATTERN})${END}`);

function dayIn(ctx: WhenClock, year: number, month: number, day: number): DateTime | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = ctx.today.set({ year, month, day });
  return d.isValid && d.day === day && d.month === month ? d : null;
}

function weekdayOf(ctx: WhenClock, weekOffset: number, weekday: number): DateTime {
  return ctx.today.startOf('week').plus({ weeks: weekOffset, days: weekday - 1 });
}

function weekOffsetOf(prefix: string | undefined): number | null {
  if (!prefix) return null;
  const p = prefix.toLowerCase();
  if (p.startsWith('下下')) return 2;
  if (p.startsWith('下') || p === 'next') return 1;
  if (p.startsWith('上')) return -1;
  return 0;
}

function addUnit(ctx: WhenClock, amount: number, unit: string, end: number): DatePart | null {
  const u = unit.toLowerCase();
  if (u === '天' || u === '日' || u.startsWith('day')) return { end, day: ctx.today.plus({ days: amount }) };
  if (u === '周' || u === '星期' || u === '礼拜' || u.startsWith('week')) return { end, day: ctx.today.plus({ weeks: amount }) };
  if (u === '月' || u.startsWith('month')) return { end, day: ctx.today.plus({ months: amount }) };
  if (u === '小时' || u === '钟头' || u.startsWith('hour') || u.startsWith('hr')) {
    return { end, exact: ctx.now.plus({ minutes: Math.round(amount * 60) }).startOf('minute') };
  }
  if (u === '分钟' || u.startsWith('min')) return { end, exact: ctx.now.plus({ minutes: amount }).startOf('minute') };
  return null;
}

function matchDate(text: string, pos: number, ctx: WhenClock): DatePart | null {
  const endOf = (m: RegExpExecArray): number => m.index + m[0].length;
  let m = exec(RE_YMD, text, pos);
  if (m) {
    const d = dayIn(ctx, Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) return { end: endOf(m), day: d };
  }
  m = exec(RE_OFFSET_CN, text, pos) ?? exec(RE_OFFSET_GUO_CN, text, pos);
  if (m) {
    const unit = m[3] ?? '';
    // 半个月 is fifteen days; 半小时 is thirty minutes.
    if (m[1] === '半') {
      if (unit === '月') return { end: endOf(m), day: ctx.today.plus({ days: 15 }) };
      const r = addUnit(ctx, 0.5, unit, endOf(m));
      if (r?.exact) return r;
    } else {
      const amount = num(m[1]);
      if (amount !== null) {
        const r = addUnit(ctx, amount, unit, endOf(m));
        if (r) return r;
      }
    }
  }
  m = exec(RE_DAY_CN, text, pos);
  if (m) {
    const [offset, period] = DAY_CN[m[1] ?? ''] ?? [0];
    return { end: endOf(m), day: ctx.today.plus({ days: offset }), period };
  }
  m = exec(RE_WEEKDAY_CN, text, pos);
  if (m) {
    const weekday = WEEKDAY_CN[m[2] ?? ''] ?? Number(m[2]);
    const offset = weekOffsetOf(m[1]);
    return { end: endOf(m), day: weekdayOf(ctx, offset ?? 0, weekday), roll: offset === null ? 'week' : undefined };
  }
  m = exec(RE_WEEK_CN, text, pos);
  if (m && (m[1] || m[2])) {
    const offset = weekOffsetOf(m[1]) ?? 0;
    // 下周 alone is next Monday; 周末 is the Saturday.
    if (m[2]) return { end: endOf(m), day: weekdayOf(ctx, offset, 6) };
    if (offset > 0) return { end: endOf(m), day: weekdayOf(ctx, offset, 1) };
  }
  m = exec(RE_MONTH_REL_CN, text, pos);
  if (m && (m[1] || m[3])) {
    const next = (m[1] ?? '').startsWith('下');
    const base = next ? ctx.today.plus({ months: 1 }) : ctx.today;
    if (m[2]) {
      const day = num(m[2]);
      const d = day === null ? null : dayIn(ctx, base.year, base.month, day);
      if (d) return { end: endOf(m), day: d };
    } else if (m[3] === '底' || m[3] === '末') {
      return { end: endOf(m), day: base.endOf('month').startOf('day') };
    } else if (m[3] === '初') {
      if (next) return { end: endOf(m), day: base.startOf('month') };
    } else if (next) {
      return { end: endOf(m), day: base };
    }
  }
  m = exec(RE_MD_CN, text, pos);
  if (m) {
    const month = num(m[1]);
    const day = num(m[2]);
    const d = month !== null && day !== null ? dayIn(ctx, ctx.today.year, month, day) : null;
    if (d && !/^\d/.test(text.slice(endOf(m)))) return { end: endOf(m), day: d, roll: 'year' };
  }
  m = exec(RE_DOM_CN, text, pos);
  if (m) {
    const day = num(m[1]);
    if (day !== null && day >= 1 && day <= 31) {
      const d = dayIn(ctx, ctx.today.year, ctx.today.month, day);
      return { end: endOf(m), day: d ?? undefined, roll: 'month', rollDayOfMonth: day };
    }
  }
  // English
  m = exec(RE_DAY_EN, text, pos);
  if (m) {
    const w = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
    if (w === 'tonight') return { end: endOf(m), day: ctx.today, period: 'evening' };
    const offset = w === 'today' ? 0 : w === 'yesterday' ? -1 : w.includes('after') ? 2 : 1;
    return { end: endOf(m), day: ctx.today.plus({ days: offset }) };
  }
  m = exec(RE_WEEK_MONTH_EN, text, pos);
  if (m) {
    const next = (m[1] ?? '').toLowerCase() === 'next';
    if ((m[2] ?? '').toLowerCase() === 'week') {
      if (next) return { end: endOf(m), day: weekdayOf(ctx, 1, 1) };
    } else if (next) {
      return { end: endOf(m), day: ctx.today.plus({ months: 1 }) };
    }
  }
  m = exec(RE_END_OF_MONTH_EN, text, pos);
  if (m) return { end: endOf(m), day: ctx.today.endOf('month').startOf('day') };
  m = exec(RE_WEEKDAY_EN, text, pos);
  if (m) {
    const name = (m[2] ?? '').toLowerCase();
    const weekday = WEEKDAY_EN.find(([re]) => re.test(name))?.[1] ?? 1;
    const prefix = (m[1] ?? '').toLowerCase();
    if (prefix === 'next') return { end: endOf(m), day: weekdayOf(ctx, 1, weekday) };
    if (prefix === 'this') return { end: endOf(m), day: weekdayOf(ctx, 0, weekday) };
    return { end: endOf(m), day: weekdayOf(ctx, 0, weekday), roll: 'week' };
  }
  m = exec(RE_IN_EN, text, pos) ?? exec(RE_LATER_EN, text, pos);
  if (m) {
    const amount = num(m[1]);
    if (amount !== null) {
      const r = addUnit(ctx, amount, m[2] ?? '', endOf(m));
      if (r) return r;
    }
  }
  m = exec(RE_MONTH_DAY_EN, text, pos);
  const dm = m ? null : exec(RE_DAY_MONTH_EN, text, pos);
  if (m || dm) {
    const monthName = ((m ? m[1] : dm?.[2]) ?? '').toLowerCase().slice(0, 3);
    const month = MONTH_EN.indexOf(monthName) + 1;
    const day = Number(m ? m[2] : dm?.[1]);
    const d = dayIn(ctx, ctx.today.year, month, day);
    const found = m ?? dm;
    if (d && found) return { end: endOf(found), day: d, roll: 'year' };
  }
  return null;
}

// ---------- composition ----------

const RE_JOIN = /^(?:\s*,\s*|\s*的\s*|\s+at\s+(?=\d)|\s*)/i;

function skipJoin(text: string, pos: number): number {
  const m = RE_JOIN.exec(text.slice(pos));
  return pos + (m ? m[0].length : 0);
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9]/.test(ch);
}

function rollForward(part: DatePart, at: DateTime, ctx: WhenClock, hasTime: boolean): DateTime {
  const past = hasTime ? at < ctx.now : at.startOf('day') < ctx.today;
  if (part.roll === 'month' && part.rollDayOfMonth !== undefined) {
    if (!past && part.day) return at;
    // 31号 in a 30-day month goes to the next month that has a 31st.
    for (let i = 1; i <= 12; i += 1) {
      const base = ctx.today.plus({ months: i });
      const d = dayIn(ctx, base.year, base.month, part.rollDayOfMonth);
      if (d) return d.set({ hour: at.hour, minute: at.minute });
    }
    return at;
  }
  if (!past || !part.roll) return at;
  if (part.roll === 'week') return at.plus({ weeks: 1 });
  if (part.roll === 'year') return at.plus({ years: 1 });
  return at;
}

function build(opts: WhenOptions, text: string, start: number, end: number, at: DateTime, hasTime: boolean): When {
  const when: When = {
    date: at.toISODate() ?? '',
    at: (hasTime ? at : at.set({ hour: opts.defaultHour ?? 9, minute: 0 })).startOf('minute').toJSDate(),
    text: text.slice(start, end),
  };
  if (hasTime) when.time = { hour: at.hour, minute: at.minute };
  return when;
}

function combine(ctx: WhenClock, opts: WhenOptions, text: string, start: number, date: DatePart, time: TimePart | null, end: number): When | null {
  if (date.exact) return build(opts, text, start, end, date.exact, true);
  if (!date.day && date.roll !== 'month') return null;
  const day = date.day ?? ctx.today;
  const t = time ?? (date.period ? { ...PERIOD_DEFAULT[date.period], dayShift: 0 } : null);
  let at = t ? day.plus({ days: t.dayShift }).set({ hour: t.hour, minute: t.minute }) : day;
  at = rollForward(date, at, ctx, t !== null);
  return build(opts, text, start, end, at, t !== null);
}

/**
 * Matches one date/time phrase starting exactly at `pos`, or null. `folded` is
 * foldWidth(rawText) and `clock` is whenClock(opts), both passed in by callers that try many positions.
 */
export function matchWhenAt(
  rawText: string,
  pos: number,
  opts: WhenOptions,
  mode: MatchMode,
  folded: string = foldWidth(rawText),
  clock: WhenClock = whenClock(opts),
): { when: When; end: number } | null {
  const text = folded;
  if (pos > 0 && isWordChar(text[pos]) && isWordChar(text[pos - 1])) return null;

  const date = matchDate(text, pos, clock);
  if (date) {
    if (date.exact) {
      const when = combine(clock, opts, rawText, pos, date, null, date.end);
      return when ? { when, end: date.end } : null;
    }
    const tPos = skipJoin(text, date.end);
    const time = matchTime(text, tPos, date.period);
    const end = time ? time.end : date.end;
    const when = combine(clock, opts, rawText, pos, date, time, end);
    return when ? { when, end } : null;
  }
  const time = matchTime(text, pos, undefined);
  if (!time) return null;
  // English puts the day after the time: "9am tomorrow".
  const dPos = skipJoin(text, time.end);
  const after = dPos > time.end || /^[a-z]/i.test(text.slice(dPos)) ? matchDate(text, dPos, clock) : null;
  if (after && !after.exact) {
    const when = combine(clock, opts, rawText, pos, after, time, after.end);
    return when ? { when, end: after.end } : null;
  }
  if (mode === 'free-text' && time.weak) return null;
  let at = clock.today.plus({ days: time.dayShift }).set({ hour: time.hour, minute: time.minute });
  if (at <= clock.now) at = at.plus({ days: 1 });
  return { when: build(opts, rawText, pos, time.end, at, true), end: time.end };
}
