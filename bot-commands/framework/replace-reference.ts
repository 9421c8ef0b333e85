import { restOfLine, type CommandLine } from './parse-command-line.js';

/**
 * The command line with `reference` (one argument, or the rest of the line from an argument on)
 * replaced by `replacement`: "/跟进 王五 电话聊了" with 王五 → C00003 is "/跟进 C00003 电话聊了".
 * Null when the reference is not in the line as typed.
 */
export function replaceReference(line: CommandLine, reference: string, replacement: string): string | null {
  const wanted = reference.trim();
  const splice = (start: number, end: number) => `${line.text.slice(0, start)}${replacement}${line.text.slice(end)}`;
  const token = line.args.find((a) => a.value.trim() === wanted);
  if (token) return splice(token.start, token.end);
  for (let i = 0; i < line.args.length; i += 1) {
    if (restOfLine(line, i).trim() === wanted) return splice(line.args[i]!.start, line.text.trimEnd().length);
  }
  return null;
}
