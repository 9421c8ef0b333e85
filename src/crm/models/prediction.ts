import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** The latest score of a customer (churn) or deal (win), with its reasons in words and the model version. */
const predictionSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['churn', 'win'], required: true },
    /** The customer (churn) or the deal (win). */
    subjectId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    probability: { type: Number, required: true },
    reasons: { type: [{ text: String, effect: { type: String, enum: ['up', 'down'] }, _id: false }], default: [] },
    /** e.g. churn-v3 */
    modelVersion: { type: String, required: true },
    prior: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'predictions', versionKey: false },
);
predictionSchema.index({ tenantId: 1, kind: 1, subjectId: 1 }, { unique: true });
// The digest's at-risk list: highest churn first.
predictionSchema.index({ tenantId: 1, kind: 1, probability: -1 });

export type PredictionRecord = InferSchemaType<typeof predictionSchema>;

export const Prediction = mongoose.model('Prediction', predictionSchema);
