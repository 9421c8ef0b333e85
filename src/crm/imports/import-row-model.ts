import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const ROW_OUTCOMES = ['created', 'updated', 'merged', 'skipped', 'rejected'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/**
 * What became of one row of one batch, written after the row's changes: (batch, row) is unique, so
 * a resumed or repeated run finds the row done and writes nothing for it twice. Rejected rows keep
 * their original cells and the reason for the report.
 */
const importRowSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: String, required: true },
    row: { type: Number, required: true },
    outcome: { type: String, enum: ROW_OUTCOMES, required: true },
    customerId: { type: Schema.Types.ObjectId, default: null },
    reason: { type: String, default: null },
    cells: { type: [String], default: undefined },
  },
  { collection: 'import_rows', versionKey: false },
);
importRowSchema.index({ tenantId: 1, batchId: 1, row: 1 }, { unique: true });
importRowSchema.index({ tenantId: 1, batchId: 1, outcome: 1, row: 1 });

export type ImportRowRecord = InferSchemaType<typeof importRowSchema>;

export const ImportRow = mongoose.model('ImportRow', importRowSchema);
