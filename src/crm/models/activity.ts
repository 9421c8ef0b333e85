import mongoose, { Schema, Types, type InferSchemaType, type HydratedDocument } from 'mongoose';

export const ACTIVITY_TYPES = [
  'created',
  'follow_up',
  'stage_changed',
  'owner_changed',
  'collaborators_changed',
  'tagged',
  'note',
  'contact_added',
  'contact_updated',
  'contact_removed',
  'contact_staff_removed',
  'transfer_failed',
  'reminder_set',
  'survey',
  'deleted',
  'merged',
  // Sales, service and administration facts: on the timeline and, through the domain-event relay,
  // the events automation rules and statistics rollups consume.
  'deal_created',
  'deal_stage_changed',
  'deal_won',
  'deal_lost',
  'contract_signed',
  'payment_recorded',
  'ticket_opened',
  'ticket_status_changed',
  'ticket_commented',
  'ticket_updated',
  'survey_sent',
  'survey_answered',
  'opt_out_changed',
  'handover',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const FOLLOW_UP_CHANNELS = ['phone', 'wechat', 'meeting', 'visit', 'email', 'other'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

const activitySchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: ACTIVITY_TYPES, required: true },
    at: { type: Date, required: true },
    authorId: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, required: true },
    content: { type: String },
    channel: { type: String },
    /** Type-specific details, e.g. { from, to } for stage changes. */
    data: { type: Schema.Types.Mixed, default: {} },
    /**
     * Makes event-driven activities idempotent (a redelivered callback adds nothing). Always set —
     * a fresh id when the caller has no natural key — because the test server ignores partial indexes.
     */
    dedupeKey: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
    /**
     * False until the domain-event relay (src/features/domain-events) has handed this activity to
     * the inbox. Written in the same insert as the activity, so no recorded fact misses its
     * subscribers; documents from before the relay have no field and are never relayed.
     */
    relayed: { type: Boolean, default: false },
  },
  { collection: 'activities', minimize: false },
);
activitySchema.index({ tenantId: 1, customerId: 1, at: -1 });
activitySchema.index({ tenantId: 1, type: 1, at: -1 });
activitySchema.index({ tenantId: 1, authorId: 1, at: -1 });
activitySchema.index({ tenantId: 1, dedupeKey: 1 }, { unique: true });
// The relay's scan: oldest unrelayed first.
activitySchema.index({ relayed: 1, _id: 1 });

export type ActivityRecord = InferSchemaType<typeof activitySchema>;
export type ActivityDoc = HydratedDocument<ActivityRecord>;

export const Activity = mongoose.model('Activity', activitySchema);
