import { utf8Bytes } from '../truncate-utf8.js';

/**
 * Packs blocks of markdown lines (a heading, then items) into parts whose lines, joined by
 * `lineBreak`, take at most `budget` bytes. A block goes whole into the current part or the next;
 * one too long for any part is continued across parts under "heading（续）".
 */
export function packMarkdownParts(blocks: readonly string[][], budget: number, lineBreak: string): string[][] {
  const fits = (lines: string[]) => utf8Bytes(lines.join(lineBreak)) <= budget;
  const parts: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
  };
  for (const lines of blocks) {
    if (fits([...current, ...lines])) {
      current.push(...lines);
      continue;
    }
    flush();
    if (fits(lines)) {
      current.push(...lines);
      continue;
    }
    const [heading, ...items] = lines;
    current = [heading!];
    for (const item of items) {
      if (!fits([...current, item])) {
        flush();
        current = [`${heading}（续）`];
      }
      // A single line longer than a whole part cannot be helped here; the caller falls back to a card.
      current.push(item);
    }
  }
  flush();
  return parts;
}
