import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

/**
 * A department of the company's tree. Staff name their departments by `name` (the data scope
 * compares names), so a rename is carried to every member in the same step.
 */
const departmentSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    order: { type: Number, default: 0 },
    /** The directory's id when synced from WeCom or DingTalk. */
    externalId: { type: String },
  },
  { collection: 'departments', timestamps: true },
);
departmentSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export type DepartmentRecord = InferSchemaType<typeof departmentSchema>;
export type DepartmentDoc = HydratedDocument<DepartmentRecord>;
export const Department = mongoose.model('Department', departmentSchema);
