/** A NUL, or a UTF-16 surrogate without its partner (cannot be encoded as UTF-8; stored, it turns into U+FFFD somewhere else). */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The JSON path (`a.b[2]`, `$` for the document itself) of the first string — value or key — that
 * holds a NUL or a lone surrogate, or null when every string is clean. JSON.parse turns `\u0000`
 * and `\ud800` escapes into exactly those. Iterative, so a deeply nested document cannot overflow
 * the stack.
 */
export function findUnsafeText(document: unknown): string | null {
  const stack: [unknown, string][] = [[document, '$']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSAFE.test(value)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '$' ? key : `${path}.${key}`;
        if (UNSAFE.test(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}
