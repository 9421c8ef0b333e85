/** Collapses line breaks (and the whitespace around them) to one space: field values, titles, labels. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
