/** What an import brings in: customers (with contacts, tags, custom fields), follow-up history on existing customers, or the product catalogue. */
export const IMPORT_KINDS = ['customers', 'followups', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
