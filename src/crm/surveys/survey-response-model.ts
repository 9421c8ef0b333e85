import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

const answerSchema = new Schema({ key: { type: String, required: true }, value: { type: Schema.Types.Mixed, required: true } }, { _id: false });

/** A numeric answer with what analysis groups it by, copied from the template version answered. */
const scoreSchema = new Schema(
  {
    item: { type: String, required: true },
    type: { type: String, enum: ['scale5', 'nps'], required: true },
    category: { type: String, default: null },
    weight: { type: Number, required: true },
    value: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * One completed survey: the answers as given, against the template version the client saw, and
 * the staff member (with their departments then) whose work it rates.
 */
const surveyResponseSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    invitationId: { type: Schema.Types.ObjectId, default: null },
    templateId: { type: Schema.Types.ObjectId, required: true },
    templateKey: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    templateKind: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    departments: { type: [String], default: [] },
    /** `link`: the client answered the form; `call`: staff recorded answers taken on a call. */
    channel: { type: String, enum: ['link', 'call'], required: true },
    recordedBy: { type: Schema.Types.ObjectId, default: null },
    answers: { type: [answerSchema], default: [] },
    scores: { type: [scoreSchema], default: [] },
    /** Any 1–5 answer ≤ 2 or an NPS ≤ 6: the owner is told. */
    low: { type: Boolean, required: true },
    submittedAt: { type: Date, required: true },
  },
  { collection: 'survey_responses', minimize: false },
);
surveyResponseSchema.index({ tenantId: 1, submittedAt: -1 });
surveyResponseSchema.index({ tenantId: 1, customerId: 1, submittedAt: -1 });

export type SurveyResponseRecord = InferSchemaType<typeof surveyResponseSchema>;
export type SurveyResponseDoc = HydratedDocument<SurveyResponseRecord>;

export const SurveyResponse = mongoose.model('SurveyResponse', surveyResponseSchema);
