/**
 * An absolute http(s) URL a chat client can open as a link. Whitespace anywhere is refused:
 * URL parsing would trim or escape it, but the raw string is what goes on the wire.
 */
export function isWebUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
