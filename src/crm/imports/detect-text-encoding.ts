/** The text encodings a CSV import accepts: what Excel writes in China (GB18030 ⊇ GBK ⊇ GB2312) and UTF-8. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Guesses a CSV's encoding from its first bytes: a UTF-8 byte-order mark says so; bytes that are
 * valid UTF-8 are UTF-8 (GBK text of any length almost never is); anything else is read as
 * GB18030, the superset of GBK that Excel's "CSV" writes on Chinese Windows. A sequence cut off by
 * the end of the sample is not held against UTF-8.
 */
export function detectTextEncoding(head: Buffer): TextEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      strictUtf8.decode(head.subarray(0, head.length - cut));
      return 'utf-8';
    } catch {
      // try without a trailing partial sequence
    }
  }
  return 'gb18030';
}
