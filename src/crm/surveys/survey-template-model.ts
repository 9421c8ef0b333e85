import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

export const SURVEY_KINDS = ['sales_satisfaction', 'service_satisfaction', 'other'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SURVEY_ITEM_TYPES = ['scale5', 'nps', 'single', 'multiple', 'text'] as const;
export type SurveyItemType = (typeof SURVEY_ITEM_TYPES)[number];

const labelSchema = new Schema({ zh: { type: String, required: true }, en: { type: String } }, { _id: false });

const itemSchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: labelSchema, required: true },
    type: { type: String, enum: SURVEY_ITEM_TYPES, required: true },
    options: { type: [new Schema({ key: { type: String, required: true }, label: { type: labelSchema, required: true } }, { _id: false })], default: [] },
    required: { type: Boolean, default: false },
    category: { type: String },
    weight: { type: Number, default: 1 },
  },
  { _id: false },
);

/**
 * One version of a tenant's survey template. A change is a new document with the next version, so
 * every answer keeps pointing at the questions its client actually saw.
 */
const surveyTemplateSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: SURVEY_KINDS, required: true },
    items: { type: [itemSchema], default: [] },
    active: { type: Boolean, default: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'survey_templates', minimize: false },
);
// One document per version; the latest version of a key is the current one.
surveyTemplateSchema.index({ tenantId: 1, key: 1, version: -1 }, { unique: true });

export type SurveyTemplateRecord = InferSchemaType<typeof surveyTemplateSchema>;
export type SurveyTemplateDoc = HydratedDocument<SurveyTemplateRecord>;
export type SurveyItem = SurveyTemplateRecord['items'][number];

export const SurveyTemplate = mongoose.model('SurveyTemplate', surveyTemplateSchema);
