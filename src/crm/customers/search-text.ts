/** Lower-cased, space-joined searchable text (the test server has neither $text nor collation). */
export function buildSearchText(fields: { name: string; company?: string | null; code: string }): string {
  return [fields.name, fields.company ?? '', fields.code].join(' ').toLowerCase();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
