import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A candidate pair found by the scan: `a` < `b` by id, so a pair is stored once. */
const duplicatePairSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    a: { type: Schema.Types.ObjectId, required: true },
    b: { type: Schema.Types.ObjectId, required: true },
    reasons: { type: [String], required: true },
    score: { type: Number, required: true },
    /** open: to review; dismissed: not the same client (the scan leaves it so); merged. */
    status: { type: String, enum: ['open', 'dismissed', 'merged'], default: 'open' },
    scannedAt: { type: Date, required: true },
  },
  { collection: 'duplicate_pairs', versionKey: false },
);
duplicatePairSchema.index({ tenantId: 1, a: 1, b: 1 }, { unique: true });
duplicatePairSchema.index({ tenantId: 1, status: 1, score: -1 });

export type DuplicatePairRecord = InferSchemaType<typeof duplicatePairSchema>;
export const DuplicatePair = mongoose.model('DuplicatePair', duplicatePairSchema);
