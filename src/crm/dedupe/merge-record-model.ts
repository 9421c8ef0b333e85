import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Everything a merge changed, so that unmerge can put it back: both customers as they were, and the
 * ids of every record moved from the merged customer to the survivor, per collection.
 */
const mergeRecordSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    survivorId: { type: Schema.Types.ObjectId, required: true },
    mergedId: { type: Schema.Types.ObjectId, required: true },
    survivorBefore: { type: Schema.Types.Mixed, required: true },
    mergedBefore: { type: Schema.Types.Mixed, required: true },
    moved: { type: Schema.Types.Mixed, required: true },
    /** The timeline entry the merge added to the survivor (removed again on unmerge). */
    activityId: { type: Schema.Types.ObjectId, default: null },
    byId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
    undoneAt: { type: Date, default: null },
  },
  { collection: 'merge_records', minimize: false },
);
mergeRecordSchema.index({ tenantId: 1, mergedId: 1, undoneAt: 1 });
mergeRecordSchema.index({ tenantId: 1, survivorId: 1, at: -1 });

export type MergeRecordRecord = InferSchemaType<typeof mergeRecordSchema>;
export const MergeRecord = mongoose.model('MergeRecord', mergeRecordSchema);
