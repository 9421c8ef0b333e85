/**
 * Folds full-width ASCII forms (ＡＢＣ１２３／：，) to their ASCII twins and the ideographic
 * space to a plain space, one character for one character, so offsets into the folded
 * string are offsets into the original (unlike NFKC, which may change the length).
 */
/** Any character outside ASCII: Chinese (and other non-Latin) text, as opposed to an English word. */
export function hasNonAscii(text: string): boolean {
  return /[^\x00-\x7F]/.test(text);
}

export function foldWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}
