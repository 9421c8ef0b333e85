import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

const customerSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** Human-friendly number, unique per tenant (C00001…). */
    code: { type: String, required: true },
    name: { type: String, required: true },
    company: { type: String },
    /** Digits only (country prefix 86 dropped) so a search by any formatting matches. */
    phones: { type: [String], default: [] },
    email: { type: String },
    source: { type: String },
    industry: { type: String },
    stage: { type: String, required: true },
    level: { type: String },
    tags: { type: [String], default: [] },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    collaboratorIds: { type: [Schema.Types.ObjectId], default: [] },
    contactCycleDays: { type: Number },
    nextFollowUpAt: { type: Date },
    lastContactAt: { type: Date },
    customFields: { type: Schema.Types.Mixed, default: {} },
    /** Lower-cased name/company/code: the test server has no collation or $text, so search runs on this. */
    searchText: { type: String, required: true },
    /** Set when the owner left the company; a manager should reassign. */
    needsTransfer: { type: Boolean, default: false },
    createdBy: { type: Schema.Types.ObjectId },
    deletedAt: { type: Date, default: null },
    /** Set with deletedAt when this customer was merged into another (undone by unmerge). */
    mergedInto: { type: Schema.Types.ObjectId, default: null },
    /** The client asked not to receive promotions (不接受营销); every automatic action honours it (see may-contact). */
    doNotMarket: { type: Boolean, default: false },
    /** The client asked not to be surveyed (不接受调查). */
    doNotSurvey: { type: Boolean, default: false },
    /** RFM quintile scores and segment (src/crm/segments), recomputed nightly and on change. */
    rfm: {
      type: new Schema(
        {
          r: { type: Number, required: true },
          f: { type: Number, required: true },
          m: { type: Number, required: true },
          segment: { type: String, required: true },
          recencyDays: { type: Number, required: true },
          frequency: { type: Number, required: true },
          monetary: { type: Number, required: true },
          at: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { collection: 'customers', timestamps: true, minimize: false },
);
customerSchema.index({ tenantId: 1, code: 1 }, { unique: true });
customerSchema.index({ tenantId: 1, ownerId: 1, nextFollowUpAt: 1 });
customerSchema.index({ tenantId: 1, collaboratorIds: 1 });
customerSchema.index({ tenantId: 1, phones: 1 });
customerSchema.index({ tenantId: 1, tags: 1 });
// Digests and the dashboard: new customers and the trend, overdue follow-ups, the stage funnel.
customerSchema.index({ tenantId: 1, createdAt: -1 });
customerSchema.index({ tenantId: 1, nextFollowUpAt: 1 });
customerSchema.index({ tenantId: 1, ownerId: 1, stage: 1 });
// Segment filter, summary and digest section.
customerSchema.index({ tenantId: 1, 'rfm.segment': 1 });

export type CustomerRecord = InferSchemaType<typeof customerSchema>;
export type CustomerDoc = HydratedDocument<CustomerRecord>;

export const Customer = mongoose.model('Customer', customerSchema);
