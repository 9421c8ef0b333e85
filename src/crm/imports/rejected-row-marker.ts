import type { Types } from 'mongoose';
import type { FieldError } from './parse-import-row.js';
import type { SheetRow } from './read-import-rows.js';

/** Rejected cells are kept for the report, cut to this length (a 1 MB cell is not stored twice). */
const KEPT_CELL_CHARS = 2000;

/** The outcome of a rejected row: its reason and its original cells, for the report. */
export function rejectedRowMarker(tenantId: Types.ObjectId, batchId: string, row: SheetRow, errors: FieldError[]): object {
  return {
    tenantId, batchId, row: row.rowNumber, outcome: 'rejected', customerId: null,
    reason: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    cells: row.cells.map((c) => (c.length > KEPT_CELL_CHARS ? `${c.slice(0, KEPT_CELL_CHARS)}…` : c)),
  };
}
