import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const CONTRACT_STATUSES = ['draft', 'pending_approval', 'signed', 'executing', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

const installmentSchema = new Schema({
  dueDate: { type: String, required: true },
  amount: { type: Number, required: true },
  note: { type: String },
});

const paymentSchema = new Schema({
  receivedDate: { type: String, required: true },
  amount: { type: Number, required: true },
  method: { type: String },
  note: { type: String },
  recordedBy: { type: Schema.Types.ObjectId },
  recordedAt: { type: Date, required: true },
});

const contractSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** HT-2026-0001…: unique per tenant, no gaps within one `numberScope` (see insert-contract-with-number). */
    number: { type: String, required: true },
    /** The number with its sequence left out (HT-2026-#): the sequence counts within it. */
    numberScope: { type: String, required: true },
    numberSeq: { type: Number, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    dealId: { type: Schema.Types.ObjectId },
    title: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    /** Integer minor units of `currency`. */
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    signedDate: { type: String },
    startDate: { type: String },
    endDate: { type: String },
    status: { type: String, enum: CONTRACT_STATUSES, required: true, default: 'draft' },
    approval: {
      required: { type: Boolean, default: false },
      decidedBy: { type: Schema.Types.ObjectId },
      decidedAt: { type: Date },
      decision: { type: String, enum: ['approved', 'rejected'] },
      comment: { type: String },
    },
    terminationReason: { type: String },
    /** The payment plan; payments are allocated to it oldest due date first. */
    installments: { type: [installmentSchema], default: [] },
    /** Payments kept in the contract itself, so "never above outstanding" is checked against the version it changes. */
    payments: { type: [paymentSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { collection: 'contracts', timestamps: true, versionKey: 'version', optimisticConcurrency: true },
);
contractSchema.index({ tenantId: 1, number: 1 }, { unique: true });
contractSchema.index({ tenantId: 1, numberScope: 1, numberSeq: -1 });
contractSchema.index({ tenantId: 1, customerId: 1 });
contractSchema.index({ tenantId: 1, ownerId: 1, status: 1 });
// Overdue installments (digests, reminders) and payments received in a period (digests).
contractSchema.index({ tenantId: 1, status: 1, 'installments.dueDate': 1 });
contractSchema.index({ tenantId: 1, 'payments.receivedDate': 1 });
// Contracts ending soon (reminders).
contractSchema.index({ tenantId: 1, status: 1, endDate: 1 });

export type ContractRecord = InferSchemaType<typeof contractSchema>;

export const Contract = mongoose.model('Contract', contractSchema);
export type ContractDoc = ReturnType<(typeof Contract)['hydrate']>;
