import { suggestFollowUpMapping } from './followup-import-fields.js';
import { suggestMapping, type ColumnMapping } from './import-mapping.js';
import { suggestProductMapping } from './product-import-fields.js';

/** What a file's headers match automatically for the kind of import (customers by default). */
export function suggestMappingForKind(kind: string | null | undefined, labels: string[]): ColumnMapping {
  if (kind === 'followups') return suggestFollowUpMapping(labels);
  if (kind === 'products') return suggestProductMapping(labels);
  return suggestMapping(labels);
}
