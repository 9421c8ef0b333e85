import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const productSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    /** Stock-keeping unit as entered; `skuKey` (upper-cased) carries the per-tenant uniqueness. */
    sku: { type: String, required: true },
    skuKey: { type: String, required: true },
    unit: { type: String, required: true },
    /** Integer minor units of `currency` (分 for CNY). */
    listPrice: { type: Number, required: true },
    currency: { type: String, required: true },
    active: { type: Boolean, default: true },
  },
  { collection: 'products', timestamps: true, versionKey: 'version', optimisticConcurrency: true },
);
productSchema.index({ tenantId: 1, skuKey: 1 }, { unique: true });
productSchema.index({ tenantId: 1, active: 1, name: 1 });

export type ProductRecord = InferSchemaType<typeof productSchema>;

export const Product = mongoose.model('Product', productSchema);
export type ProductDoc = ReturnType<(typeof Product)['hydrate']>;
