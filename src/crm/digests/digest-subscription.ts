import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { DIGEST_KINDS } from './digest-schedule.js';

export const DIGEST_CHANNELS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type DigestChannel = (typeof DIGEST_CHANNELS)[number];

const digestSubscriptionSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** The Staff member who receives it. */
    recipientId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: DIGEST_KINDS, required: true },
    schedule: {
      time: { type: String, required: true },
      weekdays: { type: [Number], required: true },
    },
    /** WeCom app message, DingTalk work notification, Feishu bot message or Slack DM from the bot. */
    channel: { type: String, enum: DIGEST_CHANNELS, required: true },
    /** False once the recipient opted out or an admin turned it off; defaults never turn it back on. */
    enabled: { type: Boolean, required: true, default: true },
    optedOutAt: { type: Date, default: null },
    updatedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'digest_subscriptions', timestamps: true },
);
digestSubscriptionSchema.index({ tenantId: 1, recipientId: 1, kind: 1 }, { unique: true });
digestSubscriptionSchema.index({ tenantId: 1, enabled: 1, kind: 1 });

export type DigestSubscriptionRecord = InferSchemaType<typeof digestSubscriptionSchema>;
export type DigestSubscriptionDoc = HydratedDocument<DigestSubscriptionRecord>;

export const DigestSubscription = mongoose.model('DigestSubscription', digestSubscriptionSchema);
