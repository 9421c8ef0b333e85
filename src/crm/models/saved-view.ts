import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

/** A named universal-query filter with the columns to show: personal, or shared with the whole tenant. */
const savedViewSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    /** A filter as customerFilterSchema accepts it; compiled afresh, in the runner's scope, on every run. */
    filter: { type: Schema.Types.Mixed, required: true },
    columns: { type: [String], default: [] },
    shared: { type: Boolean, default: false },
  },
  { collection: 'saved_views', timestamps: true, minimize: false },
);
savedViewSchema.index({ tenantId: 1, ownerId: 1 });
savedViewSchema.index({ tenantId: 1, shared: 1 });

export type SavedViewRecord = InferSchemaType<typeof savedViewSchema>;
export type SavedViewDoc = HydratedDocument<SavedViewRecord>;

export const SavedView = mongoose.model('SavedView', savedViewSchema);
