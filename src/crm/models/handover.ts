import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const HANDOVER_ITEM_STATUSES = ['pending', 'moved', 'failed', 'waiting'] as const;
export type HandoverItemStatus = (typeof HANDOVER_ITEM_STATUSES)[number];

const itemSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    status: { type: String, enum: HANDOVER_ITEM_STATUSES, required: true, default: 'pending' },
    /** Why the item failed or waits (e.g. customer_refused); null once moved. */
    reason: { type: String, default: null },
    /** What moved with the client: counts of reminders, deals and tickets. */
    moved: { type: Schema.Types.Mixed, default: null },
    attempts: { type: Number, default: 0 },
    at: { type: Date, default: null },
    /** The chat-platform contacts whose transfer this item waits for (WeCom external_userids). */
    externalUserIds: { type: [String], default: [] },
  },
  { _id: false, minimize: false },
);

/** One handover (客户继承) of a member's clients to a successor, item by item. */
const handoverSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    fromStaffId: { type: Schema.Types.ObjectId, required: true },
    toStaffId: { type: Schema.Types.ObjectId, required: true },
    /** 离职继承 when the giver has left, 在职继承 otherwise. */
    kind: { type: String, enum: ['resigned', 'in_service'], required: true },
    /** What the handover covers beyond CRM ownership (e.g. DingTalk has no external-contact handover). */
    note: { type: String, default: null },
    items: { type: [itemSchema], default: [] },
    /** The chat-platform side (WeCom 在职/离职继承) when clients are bound there; null for CRM-only handovers. */
    transfer: {
      type: new Schema(
        {
          platform: { type: String, enum: ['wecom'], required: true },
          handoverUserId: { type: String, required: true },
          takeoverUserId: { type: String, required: true },
          /** The last time the platform was asked how waiting transfers went. */
          checkedAt: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    /** WeCom's transfer_success_msg for in-service transfers, kept for retries. */
    transferSuccessMsg: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  // The HTTP retry, the follow-up job and the transfer_fail callback may write one handover at once.
  { collection: 'handovers', timestamps: true, minimize: false, versionKey: 'version', optimisticConcurrency: true },
);
handoverSchema.index({ tenantId: 1, createdAt: -1 });
handoverSchema.index({ 'items.status': 1, 'transfer.platform': 1 });

export type HandoverRecord = InferSchemaType<typeof handoverSchema>;
export const Handover = mongoose.model('Handover', handoverSchema);
export type HandoverDoc = ReturnType<(typeof Handover)['hydrate']>;
