import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Daily statistics per tenant × local day × owner × metric × dimension value: what dashboards
 * read (O(groups), never the activities). `applied` lists the facts already counted in this
 * bucket, so a redelivered fact changes nothing; a bucket is one owner's day, so it stays small.
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
    count: { type: Number, default: 0 },
    /** Minor units (分) for money metrics. */
    amount: { type: Number, default: 0 },
    applied: { type: [String], default: [] },
  },
  { collection: 'stat_rollups', versionKey: false },
);
statRollupSchema.index({ tenantId: 1, day: 1 });

export type StatRollupRecord = InferSchemaType<typeof statRollupSchema>;
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
