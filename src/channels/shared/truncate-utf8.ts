export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character, ending with
 * `marker` when something was cut. WeCom counts its limits in bytes; a split character shows as
 * a replacement glyph or gets the whole message rejected.
 */
export function truncateUtf8(s: string, maxBytes: number, marker = '…'): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= maxBytes) return s;
  const markerBytes = utf8Bytes(marker);
  if (markerBytes > maxBytes) return '';
  let end = maxBytes - markerBytes;
  // bytes[end] is the first byte left out; if it continues a character, drop that character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + marker;
}
