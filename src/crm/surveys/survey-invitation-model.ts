import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

/**
 * A survey sent to one customer: the link it travels in is signed, expires at `expiresAt` and
 * works once (`usedAt` is set atomically by the answer that claims it).
 */
const surveyInvitationSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: Schema.Types.ObjectId, required: true },
    templateKey: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    /** Whose work the answer rates: the customer's owner when the invitation was made. */
    staffId: { type: Schema.Types.ObjectId, required: true },
    sentBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    responseId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'survey_invitations' },
);
surveyInvitationSchema.index({ tenantId: 1, customerId: 1, createdAt: -1 });

export type SurveyInvitationRecord = InferSchemaType<typeof surveyInvitationSchema>;
export type SurveyInvitationDoc = HydratedDocument<SurveyInvitationRecord>;

export const SurveyInvitation = mongoose.model('SurveyInvitation', surveyInvitationSchema);
