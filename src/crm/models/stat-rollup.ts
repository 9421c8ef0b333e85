import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Daily statistics per tenant × local day × owner × metric × dimension value: what dashboards
 * read (O(groups), never the activities). `applied` is the set of facts counted in this bucket,
 * each with what it adds; a bucket's count is the set's size and its amount the set's sum
 * (ROLLUP_TOTALS). Counting is then one `$addToSet` found by primary key: atomic, a redelivered
 * fact changes nothing, and no write needs a condition beyond the key (a conditional update makes
 * the embedded server scan the collection). A bucket is one owner's day, so the set stays small.
 */
const statRollupSchema = new Schema(
  {
    /** tenant|day|owner|metric|dim|value: a bucket is found by its primary key, the cheapest lookup on any server. */
    _id: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** YYYY-MM-DD in the tenant's time zone. */
    day: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, default: null },
    metric: { type: String, required: true },
    /** '' for the metric's total, else `channel`, `to`, `source`, `custom.<key>`… */
    dim: { type: String, default: '' },
    value: { type: String, default: '' },
    /** The timeline entries counted here; `amount` in minor units (分) for money metrics, else 0. */
    applied: { type: [{ _id: false, id: { type: String, required: true }, amount: { type: Number, default: 0 } }], default: [] },
  },
  { collection: 'stat_rollups', versionKey: false },
);
statRollupSchema.index({ tenantId: 1, day: 1 });

export type StatRollupRecord = InferSchemaType<typeof statRollupSchema>;

/** `$group` accumulators for a set of buckets: how many facts and what they add up to. */
export const ROLLUP_TOTALS = {
  count: { $sum: { $size: '$applied' } },
  amount: { $sum: { $sum: '$applied.amount' } },
} as const;
export const StatRollup = mongoose.model('StatRollup', statRollupSchema);

/** A monthly target per person (won amount in minor units, follow-ups), for the rep comparison. */
const statTargetSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    /** YYYY-MM. */
    month: { type: String, required: true },
    wonAmount: { type: Number, default: 0 },
    followUps: { type: Number, default: 0 },
  },
  { collection: 'stat_targets', timestamps: true },
);
statTargetSchema.index({ tenantId: 1, staffId: 1, month: 1 }, { unique: true });
export const StatTarget = mongoose.model('StatTarget', statTargetSchema);
