import mongoose, { Schema, Types, type InferSchemaType } from 'mongoose';

/** 新建 → 处理中 → 待客户确认 → 已解决 → 已关闭; resolved and closed tickets can be reopened. */
export const TICKET_STATUSES = ['new', 'in_progress', 'awaiting_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses in which the SLA clock runs and the ticket shows on the card. */
export const OPEN_TICKET_STATUSES = ['new', 'in_progress', 'awaiting_customer'] as const satisfies readonly TicketStatus[];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

const commentSchema = new Schema(
  {
    authorId: { type: Schema.Types.ObjectId, default: null },
    content: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: true },
);

const ticketSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** T-0001, per tenant. */
    number: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    description: { type: String },
    category: { type: String },
    priority: { type: String, enum: TICKET_PRIORITIES, required: true },
    status: { type: String, enum: TICKET_STATUSES, required: true },
    assigneeId: { type: Schema.Types.ObjectId, required: true },
    /** When the SLA clock started: opening, or the last reopening. */
    slaStartAt: { type: Date, required: true },
    /** slaStartAt + the tenant's SLA hours for the priority. */
    dueAt: { type: Date, required: true },
    contractId: { type: Schema.Types.ObjectId },
    productId: { type: Schema.Types.ObjectId },
    comments: { type: [commentSchema], default: [] },
    /**
     * True once the SLA sweep made the assignee's reminder for the current dueAt; reset whenever
     * dueAt moves (reopening, a new priority), so each breach is reminded of once.
     */
    slaReminded: { type: Boolean, default: false },
    resolvedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId },
    /**
     * Makes a generated ticket (an automation rule's) idempotent: a repeat opens nothing. Always set
     * (a fresh id when there is no natural key), because the test server ignores partial indexes.
     */
    dedupeKey: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
  },
  { collection: 'tickets', timestamps: true, versionKey: 'version', optimisticConcurrency: true },
);
ticketSchema.index({ tenantId: 1, number: 1 }, { unique: true });
ticketSchema.index({ tenantId: 1, dedupeKey: 1 }, { unique: true });
ticketSchema.index({ tenantId: 1, customerId: 1, status: 1 });
ticketSchema.index({ tenantId: 1, assigneeId: 1, status: 1 });
// The SLA sweep: open tickets past their due time.
ticketSchema.index({ status: 1, dueAt: 1 });

export type TicketRecord = InferSchemaType<typeof ticketSchema>;

export const Ticket = mongoose.model('Ticket', ticketSchema);
export type TicketDoc = ReturnType<(typeof Ticket)['hydrate']>;
