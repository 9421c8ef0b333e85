import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A tenant's RFM quintile cut points from the last full computation (see src/crm/segments/rfm-quintiles.ts). */
const rfmCutPointsSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    r: { type: [Number], default: [] },
    f: { type: [Number], default: [] },
    m: { type: [Number], default: [] },
    customers: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'rfm_cut_points', versionKey: false },
);
rfmCutPointsSchema.index({ tenantId: 1 }, { unique: true });

export type RfmCutPointsRecord = InferSchemaType<typeof rfmCutPointsSchema>;

export const RfmCutPointsModel = mongoose.model('RfmCutPoints', rfmCutPointsSchema);
