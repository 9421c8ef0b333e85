import mongoose, { Schema, Types, type InferSchemaType, type HydratedDocument } from 'mongoose';

const reminderSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** Whom to remind. */
    staffId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId },
    dueAt: { type: Date, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: ['open', 'done', 'cancelled'], default: 'open' },
    /** Set once the reminder was handed to the outbox, so it is delivered once. */
    notifiedAt: { type: Date, default: null },
    origin: {
      type: String,
      enum: ['manual', 'contact_cycle', 'follow_up', 'contract_end', 'installment_due', 'installment_overdue', 'automation', 'care_cycle', 'ticket_sla'],
      default: 'manual',
    },
    createdBy: { type: Schema.Types.ObjectId },
    source: { type: String },
    /** Idempotency for generated reminders (e.g. one contact-cycle reminder per customer and due day). */
    /** Always set (a fresh id when there is no natural key): the test server ignores partial indexes. */
    dedupeKey: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
  },
  { collection: 'reminders', timestamps: true },
);
reminderSchema.index({ tenantId: 1, staffId: 1, status: 1, dueAt: 1 });
reminderSchema.index({ status: 1, notifiedAt: 1, dueAt: 1 });
reminderSchema.index({ tenantId: 1, dedupeKey: 1 }, { unique: true });

export type ReminderRecord = InferSchemaType<typeof reminderSchema>;
export type ReminderDoc = HydratedDocument<ReminderRecord>;

export const Reminder = mongoose.model('Reminder', reminderSchema);
