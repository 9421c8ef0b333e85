import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The last numbered list a command reply asked someone to choose from ("有 2 个客户匹配…回复 1
 * 或 2 选择"): one per person, replaced by the next list, deleted once chosen, and gone after
 * `expiresAt` (a TTL index; reads also check the time, as the TTL monitor runs only every
 * minute). In MongoDB, not in memory: the "1" may reach another instance than the list did.
 */
const pendingChoiceSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    /** The command lines the numbers stand for: options[0] is "1". */
    options: { type: [String], required: true },
    /** The event whose reply showed the list. */
    eventKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'command_pending_choices' },
);
pendingChoiceSchema.index({ tenantId: 1, staffId: 1 }, { unique: true });
pendingChoiceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type PendingChoiceRecord = InferSchemaType<typeof pendingChoiceSchema>;
export const PendingChoice = mongoose.model('PendingChoice', pendingChoiceSchema);
