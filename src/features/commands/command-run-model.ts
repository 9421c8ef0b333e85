import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One row per command event that ran: its outcome and reply. A redelivered event (inbox retry,
 * platform resend under another path) finds its row and gets the same reply without running
 * the command — and so without writing — a second time.
 */
const commandRunSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** The inbox event's dedupeKey. */
    eventKey: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    command: { type: String, default: null },
    status: { type: String, required: true },
    reply: { type: Schema.Types.Mixed, required: true },
    /** When the platform callback was received, and when the reply was ready. */
    receivedAt: { type: Date, required: true },
    answeredAt: { type: Date, required: true },
  },
  { collection: 'command_runs', minimize: false },
);
commandRunSchema.index({ tenantId: 1, eventKey: 1 }, { unique: true });

export type CommandRunRecord = InferSchemaType<typeof commandRunSchema>;
export const CommandRun = mongoose.model('CommandRun', commandRunSchema);
