import { foldWidth } from '../fold-width.js';
import { matchWhenAt, whenClock, type When, type WhenOptions } from './match-when.js';

export type { When, WhenOptions } from './match-when.js';

/*
 * Why our own grammar and not chrono-node: chrono's zh locale (2.10) reads the common phrases
 * but gets several wrong that salespeople type daily — 下周日 (gives this Sunday), 傍晚6点
 * (06:00), 下下周一 (next Monday), 下周一上午 (splits into two dates) — and has no 下个月,
 * 下周, 一周后, 15号, 2026/12/01; its time zone is a fixed offset, not an IANA zone.
 * This grammar is small, tested phrase by phrase, and resolves in the tenant zone with luxon.
 *
 * Rules: weeks run Monday–Sunday; 下周X is X of next week, 这周X/本周X of this week, a bare
 * 周X/`friday` the next one from today on (today included unless its time has passed);
 * `next tuesday` means 下周二. A date without a time is at 09:00; a time without a date is
 * the next time it comes round. Without 上午/下午, 1–6 o'clock reads as the afternoon.
 */

const TRAILING_PUNCT = /[\s。.!！~～,，;；、]+$/;
const LEADING_SEP = /^[\s,，:：;；、]+/;

/** Follow-up words that may come after a trailing date: 下周二再联系, 周五前回复, 月底签合同. */
const RE_TRAILER = new RegExp(
  '^\\s*(?:前|之前|以前)?\\s*(?:再|再次|重新|要|需要|会|去)?\\s*' +
    '(?:联系|联络|跟进|回访|沟通|打电话|打给他|打给她|打过去|打|电话|致电|通话|拜访|上门|约见|约谈|约|见面|面谈|碰面|碰头|见|确认|答复|回复|问问|看看|看|谈|聊|签约|签合同|签单|付款|发报价|报价|提醒|说)?' +
    '\\s*(?:一下|下)?\\s*(?:吧|哦|啊|呀)?(?:\\s*again)?[\\s。.!！~～,，;；]*$',
  'i',
);

/** The whole text is one date/time phrase (e.g. an argument); null when it is not. */
export function parseWhen(text: string, opts: WhenOptions): When | null {
  const trimmed = text.replace(TRAILING_PUNCT, '');
  const start = trimmed.length - trimmed.trimStart().length;
  const m = matchWhenAt(trimmed, start, opts, 'command');
  return m && m.end === trimmed.length ? m.when : null;
}

/** A date/time phrase at the start of the text ("明天上午10点 发报价"), and the text after it. */
export function findLeadingWhen(text: string, opts: WhenOptions): { when: When; rest: string } | null {
  const start = text.length - text.trimStart().length;
  const m = matchWhenAt(text, start, opts, 'command');
  if (!m) return null;
  return { when: m.when, rest: text.slice(m.end).replace(LEADING_SEP, '').trim() };
}

/**
 * A date phrase at the end of free text, optionally followed by a follow-up word:
 * "电话沟通，对报价满意，下周二再联系" gives next Tuesday, `before` "电话沟通，对报价满意"
 * and `trailer` "再联系". The earliest start that reaches the end wins, so the longest phrase
 * is taken (下周二上午10点, not 10点).
 */
export function findTrailingWhen(
  text: string,
  opts: WhenOptions,
): { when: When; before: string; trailer: string } | null {
  const folded = foldWidth(text);
  const clock = whenClock(opts);
  for (let pos = 0; pos < folded.length; pos += 1) {
    // 每周五 is a habit, not a date.
    if (folded[pos - 1] === '每') continue;
    const m = matchWhenAt(text, pos, opts, 'free-text', folded, clock);
    if (!m) continue;
    const tail = folded.slice(m.end);
    if (!RE_TRAILER.test(tail)) continue;
    return {
      when: m.when,
      before: text.slice(0, pos).replace(TRAILING_PUNCT, '').trim(),
      trailer: text.slice(m.end).replace(TRAILING_PUNCT, '').trim(),
    };
  }
  return null;
}

/** "Next time" words right after a date in the middle of a note: 后天再打，他要先问老板. */
const RE_NEXT_TIME_AFTER = /^\s*(?:前|之前)?\s*(?:(?:再|再次|重新)\s*(?:打|约|联系|联络|聊|谈|沟通|跟进|拜访|见|问|看|发|去)|回访|跟进|复访)/;
/** …and before one: 下次周五再聊, 下回 3 号见. */
const RE_NEXT_TIME_BEFORE = /(?:下次|下回|下一次)\s*$/;

/**
 * When the note says the next contact: a date at its end (see findTrailingWhen), else a date
 * anywhere that a "next time" word follows (再打/再约/再联系/回访…) or precedes (下次/下回).
 * "昨天再打过了" names a past day; callers decide what a past date means.
 */
export function findNextContactWhen(text: string, opts: WhenOptions): When | null {
  const trailing = findTrailingWhen(text, opts);
  if (trailing) return trailing.when;
  const folded = foldWidth(text);
  const clock = whenClock(opts);
  for (let pos = 0; pos < folded.length; pos += 1) {
    if (folded[pos - 1] === '每') continue;
    const m = matchWhenAt(text, pos, opts, 'free-text', folded, clock);
    if (!m) continue;
    if (RE_NEXT_TIME_AFTER.test(folded.slice(m.end)) || RE_NEXT_TIME_BEFORE.test(folded.slice(0, pos))) return m.when;
  }
  return null;
}
