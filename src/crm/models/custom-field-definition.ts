import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const CUSTOM_FIELD_TYPES = ['single', 'multi', 'text', 'number', 'date', 'phone', 'boolean'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

const labelSchema = new Schema({ zh: { type: String, required: true }, en: { type: String, required: true } }, { _id: false });

const optionSchema = new Schema(
  {
    /** Stored on customers; never changes, so relabelling an option keeps old records readable. */
    value: { type: String, required: true },
    label: { type: labelSchema, required: true },
    /** No longer offered for new values; customers that have it still show its label. */
    archived: { type: Boolean, default: false },
  },
  { _id: false },
);

/** One custom field of a tenant's customers: what `customer.customFields[key]` may hold. */
const customFieldDefinitionSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    label: { type: labelSchema, required: true },
    type: { type: String, enum: CUSTOM_FIELD_TYPES, required: true },
    options: { type: [optionSchema], default: [] },
    required: { type: Boolean, default: false },
    order: { type: Number, default: 0 },
    /** Offered as a dimension of statistics and segmentation. */
    segmentation: { type: Boolean, default: false },
    /** Hidden from forms and refused on writes; values already stored stay readable. */
    archived: { type: Boolean, default: false },
  },
  { collection: 'custom_field_definitions', timestamps: true },
);
customFieldDefinitionSchema.index({ tenantId: 1, key: 1 }, { unique: true });

export type CustomFieldDefinitionRecord = InferSchemaType<typeof customFieldDefinitionSchema>;
export type CustomFieldDefinitionDoc = HydratedDocument<CustomFieldDefinitionRecord>;

export const CustomFieldDefinition = mongoose.model('CustomFieldDefinition', customFieldDefinitionSchema);
