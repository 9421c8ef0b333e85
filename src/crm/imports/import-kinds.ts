/** What an import brings in: customers (with contacts, tags, custom fields) or follow-up history on existing customers. */
export const IMPORT_KINDS = ['customers', 'followups'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
