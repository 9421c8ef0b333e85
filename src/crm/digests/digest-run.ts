import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { DIGEST_KINDS } from './digest-schedule.js';

/**
 * One digest for one recipient and period. It is inserted before anything is sent, and the
 * unique key (tenantId, recipientId, kind, periodKey) is what makes delivery exactly-once across
 * instances and restarts: whoever inserts it owns the run; everyone else skips or resumes it.
 *
 * status: claimed → built (messages stored) → enqueued (handed to the outbox, which retries sends);
 *         or skipped (nothing to say, recipient unreachable).
 */
export const DIGEST_RUN_STATUSES = ['claimed', 'built', 'enqueued', 'skipped'] as const;
export type DigestRunStatus = (typeof DIGEST_RUN_STATUSES)[number];

const digestRunSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    recipientId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: DIGEST_KINDS, required: true },
    periodKey: { type: String, required: true },
    periodStart: { type: Date, required: true },
    periodEnd: { type: Date, required: true },
    timezone: { type: String, required: true },
    scheduledFor: { type: Date, required: true },
    subscriptionId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: DIGEST_RUN_STATUSES, required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 1 },
    /** The rendered outbound messages, stored before enqueueing so a resumed run sends the same ones. */
    messages: { type: [Schema.Types.Mixed], default: undefined },
    stats: { type: Schema.Types.Mixed, default: null },
    skipReason: { type: String, default: null },
    completedAt: { type: Date, default: null },
  },
  { collection: 'digest_runs', timestamps: true, minimize: false },
);
digestRunSchema.index({ tenantId: 1, recipientId: 1, kind: 1, periodKey: 1 }, { unique: true });
// The job's "which of today's runs exist already" read, and the admin list of recent runs.
digestRunSchema.index({ tenantId: 1, periodKey: 1, kind: 1 });
digestRunSchema.index({ tenantId: 1, scheduledFor: -1 });

export type DigestRunRecord = InferSchemaType<typeof digestRunSchema>;
export type DigestRunDoc = HydratedDocument<DigestRunRecord>;

export const DigestRun = mongoose.model('DigestRun', digestRunSchema);
