import mongoose, { Schema } from 'mongoose';

/** A column mapping an admin saved under a name, to apply to the next file with the same headers. */
const importMappingSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    mapping: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'import_mappings', timestamps: true, minimize: false },
);
importMappingSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export const ImportMapping = mongoose.model('ImportMapping', importMappingSchema);
