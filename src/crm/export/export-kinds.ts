import type { Actor } from '../actor.js';
import { prepareContractExport } from './export-contracts.js';
import { prepareCustomerExport } from './export-customers.js';
import { prepareDealExport } from './export-deals.js';
import { prepareFollowUpExport } from './export-follow-ups.js';
import { prepareSurveyAnswerExport } from './export-survey-answers.js';
import type { PreparedExport } from './stream-table-export.js';

/**
 * Every list that can be exported, by the name its route and its jobs use. Each takes its own
 * filters plus `format`, validates them and checks the export permission before a byte is written.
 */
export const EXPORT_KINDS = {
  customers: prepareCustomerExport,
  deals: prepareDealExport,
  contracts: prepareContractExport,
  'follow-ups': prepareFollowUpExport,
  'survey-answers': prepareSurveyAnswerExport,
} as const satisfies Record<string, (actor: Actor, input: never) => Promise<PreparedExport>>;

export type ExportKind = keyof typeof EXPORT_KINDS;
export const EXPORT_KIND_NAMES = Object.keys(EXPORT_KINDS) as ExportKind[];

/** The prepared export of one kind; the input is validated by the kind's own schema (400 naming the field). */
export function prepareExportOfKind(actor: Actor, kind: ExportKind, input: Record<string, unknown>): Promise<PreparedExport> {
  const prepare = EXPORT_KINDS[kind] as (actor: Actor, input: Record<string, unknown>) => Promise<PreparedExport>;
  return prepare(actor, input);
}
