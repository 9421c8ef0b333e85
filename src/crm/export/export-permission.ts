import type { PermissionModule } from '../permissions/catalogue.js';
import type { ExportKind } from './export-kinds.js';

/** Each list leaves under the `export` action of the module whose records it holds. */
export const EXPORT_MODULE: Record<ExportKind, PermissionModule> = {
  customers: 'customers',
  deals: 'deals',
  contracts: 'contracts',
  'follow-ups': 'activities',
  'survey-answers': 'surveys',
};
