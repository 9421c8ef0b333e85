import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

const quoteLineSchema = new Schema(
  {
    productId: { type: Schema.Types.ObjectId },
    name: { type: String, required: true },
    sku: { type: String },
    unit: { type: String },
    quantity: { type: Number, required: true },
    /** Integer minor units. */
    unitPrice: { type: Number, required: true },
    /** Discount in basis points (1250 = 12.5 %). */
    discountBp: { type: Number, required: true, default: 0 },
    gross: { type: Number, required: true },
    discount: { type: Number, required: true },
    total: { type: Number, required: true },
  },
  { _id: false },
);

const quoteSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    dealId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** 1, 2, 3… per deal: a changed offer is a new revision; sent revisions never change their lines. */
    revision: { type: Number, required: true },
    lines: { type: [quoteLineSchema], default: [] },
    currency: { type: String, required: true },
    subtotal: { type: Number, required: true },
    discountTotal: { type: Number, required: true },
    total: { type: Number, required: true },
    /** Last day the offer holds, YYYY-MM-DD. */
    validUntil: { type: String, required: true },
    status: { type: String, enum: QUOTE_STATUSES, required: true, default: 'draft' },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { collection: 'quotes', timestamps: true, versionKey: 'version', optimisticConcurrency: true },
);
quoteSchema.index({ tenantId: 1, dealId: 1, revision: 1 }, { unique: true });
quoteSchema.index({ tenantId: 1, customerId: 1, status: 1, validUntil: 1 });

export type QuoteRecord = InferSchemaType<typeof quoteSchema>;

export const Quote = mongoose.model('Quote', quoteSchema);
export type QuoteDoc = ReturnType<(typeof Quote)['hydrate']>;
