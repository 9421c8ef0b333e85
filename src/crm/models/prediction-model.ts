import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** One trained (or prior) version of a tenant's churn or win model; scores name the version they came from. */
const predictionModelSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['churn', 'win'], required: true },
    version: { type: Number, required: true },
    /** True when history was too small and the documented prior was stored instead of a fit. */
    prior: { type: Boolean, required: true },
    features: { type: [String], required: true },
    means: { type: [Number], required: true },
    stds: { type: [Number], required: true },
    weights: { type: [Number], required: true },
    intercept: { type: Number, required: true },
    examples: { type: Number, required: true },
    positives: { type: Number, required: true },
    trainedAt: { type: Date, required: true },
  },
  { collection: 'prediction_models', versionKey: false },
);
predictionModelSchema.index({ tenantId: 1, kind: 1, version: -1 }, { unique: true });

export type PredictionModelRecord = InferSchemaType<typeof predictionModelSchema>;

export const PredictionModel = mongoose.model('PredictionModel', predictionModelSchema);
