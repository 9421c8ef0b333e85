import { foldWidth, hasNonAscii } from './fold-width.js';

/**
 * Reads one chat line into a command word and arguments.
 *
 * - `/` or full-width `／` starts a command; `/ 客户` (space after the slash) is accepted.
 * - Leading @mentions are dropped (`@ChatCRM /客户 张三`; DingTalk and WeCom keep them sometimes);
 *   bot names with spaces can be given in `botNames`.
 * - A line without a slash is a command only when its first word is exactly a command name or
 *   alias (`客户 张三`, `help`): messages reach the bot only in a 1:1 chat or when it is @mentioned,
 *   so they are addressed to it. With a slash, a Chinese name may be glued to its first argument
 *   (`/客户张三`); without one it must stand alone, so "客户说…" stays plain text.
 * - Arguments are separated by spaces (any width), `,` `，` `、` `;` `；` and `：` — but a comma grouping
 *   thousands in a figure (`80,000`, `¥12,000.50`) stays inside its argument. An ASCII `:`
 *   separates only right after the command word (`/客户:张三`), so `10:00` stays one argument.
 * - Quotes group an argument: "张 三", “张 三”, ‘张 三’, 「张 三」, 『张 三』.
 * - English names are case-insensitive; full-width letters and digits are folded.
 */

export interface CommandToken {
  /** The argument without its quotes, as typed (not width-folded: names keep their own characters). */
  value: string;
  /** Offsets into `CommandLine.text`. */
  start: number;
  end: number;
  quoted: boolean;
}

export interface CommandLine {
  /** The command word without the slash, width-folded and lower-cased. */
  name: string;
  slash: boolean;
  args: CommandToken[];
  /** The line after mentions were removed (zero-width characters dropped); token offsets point here. */
  text: string;
}

export type ParsedLine =
  | { kind: 'command'; command: CommandLine }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

export interface ParseOptions {
  /** Command names and aliases, width-folded and lower-cased (the registry provides them). */
  knownNames: ReadonlySet<string>;
  /** Names the bot is @mentioned by, when they contain spaces ("Chat CRM"). */
  botNames?: readonly string[];
}

const QUOTES: Record<string, string[]> = {
  '"': ['"', '”'],
  '“': ['”', '"'],
  '”': ['”', '"'],
  '‘': ['’'],
  '「': ['」'],
  '『': ['』'],
};
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}
/** `folded` is the width-folded character, `raw` the one typed: only a full-width ： separates, not ASCII `:`. */
function isArgSeparator(folded: string | undefined, raw?: string): boolean {
  return folded !== undefined && (isSpace(folded) || ',、;'.includes(folded) || raw === '：');
}

/** An ASCII comma grouping thousands inside a figure (80,000 · ¥12,000.50) belongs to the argument. */
function isThousandsComma(raw: string, i: number): boolean {
  return raw[i] === ',' && /\d/.test(raw[i - 1] ?? '') && /^\d{3}(?!\d)/.test(raw.slice(i + 1, i + 5));
}

function skipSpaces(folded: string, p: number): number {
  let i = p;
  while (i < folded.length && isSpace(folded[i])) i += 1;
  return i;
}

function skipMentions(folded: string, p: number, botNames: readonly string[]): number {
  let i = skipSpaces(folded, p);
  while (folded[i] === '@') {
    const lower = folded.slice(i + 1).toLowerCase();
    const known = botNames.find((n) => {
      const name = foldWidth(n).toLowerCase();
      return lower.startsWith(name) && (lower.length === name.length || isSpace(lower[name.length]) || lower[name.length] === '/');
    });
    if (known !== undefined) i += 1 + known.length;
    else while (i < folded.length && !isSpace(folded[i]) && !(folded[i] === '/' && i > 0)) i += 1;
    i = skipSpaces(folded, i);
  }
  return i;
}

function readName(folded: string, p: number): number {
  let i = p;
  while (i < folded.length && !isArgSeparator(folded[i]) && folded[i] !== ':' && !(folded[i]! in QUOTES)) i += 1;
  return i;
}

function tokenize(text: string, folded: string, from: number): CommandToken[] {
  const tokens: CommandToken[] = [];
  let i = from;
  while (i < folded.length) {
    while (i < folded.length && isArgSeparator(folded[i], text[i])) i += 1;
    if (i >= folded.length) break;
    const open = folded[i]!;
    const closers = QUOTES[open];
    if (closers) {
      let j = i + 1;
      while (j < folded.length && !closers.includes(folded[j]!)) j += 1;
      // An unclosed quote runs to the end of the line rather than failing the command.
      tokens.push({ value: text.slice(i + 1, j).trim(), start: i, end: Math.min(j + 1, folded.length), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < folded.length && (!isArgSeparator(folded[j], text[j]) || isThousandsComma(text, j))) j += 1;
    tokens.push({ value: text.slice(i, j), start: i, end: j, quoted: false });
    i = j;
  }
  return tokens;
}

export function parseCommandLine(input: string, options: ParseOptions): ParsedLine {
  const text = input.replace(ZERO_WIDTH, '');
  const folded = foldWidth(text);
  let p = skipMentions(folded, 0, options.botNames ?? []);
  if (p >= folded.length) return { kind: 'empty' };
  const body = text.slice(p).trim();

  const slash = folded[p] === '/';
  if (slash) p = skipSpaces(folded, p + 1);
  const nameEnd = readName(folded, p);
  let name = folded.slice(p, nameEnd).toLowerCase();
  let argsFrom = nameEnd;

  if (!options.knownNames.has(name)) {
    if (!slash) return { kind: 'text', text: body };
    // "/客户张三": the longest Chinese command name the word starts with.
    let best = '';
    for (const known of options.knownNames) {
      if (hasNonAscii(known) && name.startsWith(known) && known.length > best.length) best = known;
    }
    if (best !== '') {
      argsFrom = p + best.length;
      name = best;
    }
  }
  let q = skipSpaces(folded, argsFrom);
  if (folded[q] === ':') q += 1;
  return { kind: 'command', command: { name, slash, args: tokenize(text, folded, q), text } };
}

/**
 * The raw text from argument `from` to the end of the line, spacing and punctuation kept
 * ("/跟进 张三 电话沟通，对报价满意" → "电话沟通，对报价满意"). A lone quoted argument is unquoted.
 */
export function restOfLine(line: CommandLine, from: number): string {
  const first = line.args[from];
  if (!first) return '';
  if (from === line.args.length - 1 && first.quoted) return first.value;
  return line.text.slice(first.start).trim();
}
