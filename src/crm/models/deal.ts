import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const dealSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    collaboratorIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Key of one of the tenant's deal stages (see sales-settings). */
    stage: { type: String, required: true },
    /** 0–100; the stage default unless `probabilityOverridden`. */
    probability: { type: Number, required: true },
    probabilityOverridden: { type: Boolean, default: false },
    /** Integer minor units of `currency`. */
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    /** Calendar date YYYY-MM-DD (no time zone to get wrong). */
    expectedCloseDate: { type: String },
    competitors: { type: [String], default: [] },
    nextStep: { type: String },
    lostReason: { type: String },
    closedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId },
    deletedAt: { type: Date, default: null },
  },
  // `version` is the optimistic-concurrency token clients send back with a patch.
  { collection: 'deals', timestamps: true, versionKey: 'version', optimisticConcurrency: true },
);
dealSchema.index({ tenantId: 1, customerId: 1, _id: -1 });
dealSchema.index({ tenantId: 1, ownerId: 1, stage: 1 });
dealSchema.index({ tenantId: 1, collaboratorIds: 1 });
// The forecast: open stages closing in a month or quarter, and deals won or lost in a period.
dealSchema.index({ tenantId: 1, stage: 1, expectedCloseDate: 1 });
dealSchema.index({ tenantId: 1, stage: 1, closedAt: 1 });

export type DealRecord = InferSchemaType<typeof dealSchema>;

export const Deal = mongoose.model('Deal', dealSchema);
export type DealDoc = ReturnType<(typeof Deal)['hydrate']>;
