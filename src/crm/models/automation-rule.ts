import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

/**
 * A tenant's "when X happens, do Y": trigger → conditions → actions. Trigger, conditions and
 * actions are stored as validated by src/crm/automation/rule-input.ts (never raw input).
 */
const automationRuleSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    trigger: { type: Schema.Types.Mixed, required: true },
    conditions: { type: [Schema.Types.Mixed], default: [] },
    filter: { type: Schema.Types.Mixed, default: null },
    actions: { type: [Schema.Types.Mixed], default: [] },
    /** At most this many runs per clock hour; further occurrences are logged as rate_limited (and not run later). */
    maxRunsPerHour: { type: Number, default: 100 },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { collection: 'automation_rules', timestamps: true, minimize: false },
);
automationRuleSchema.index({ tenantId: 1, enabled: 1, 'trigger.type': 1 });

export type AutomationRuleRecord = InferSchemaType<typeof automationRuleSchema>;
export type AutomationRuleDoc = HydratedDocument<AutomationRuleRecord>;
export const AutomationRule = mongoose.model('AutomationRule', automationRuleSchema);

export const RUN_STATUSES = ['running', 'done', 'skipped', 'rate_limited', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One rule × one trigger occurrence. The unique (ruleId, occurrence) key is what makes a rule's
 * effect happen once however often the occurrence is delivered, on however many instances.
 */
const automationRunSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    ruleId: { type: Schema.Types.ObjectId, required: true },
    occurrence: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: RUN_STATUSES, required: true },
    /** Why a run did nothing (conditions not met, opted out, rate cap…). */
    reason: { type: String },
    /** Per action, in order: what it did (or why it failed); a resumed run skips the ones already done. */
    results: { type: [Schema.Types.Mixed], default: [] },
    /** Choices made once per action of this run (see AutomationActionContext.remember), by action index. */
    memo: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
    finishedAt: { type: Date },
  },
  { collection: 'automation_runs', minimize: false },
);
automationRunSchema.index({ ruleId: 1, occurrence: 1 }, { unique: true });
automationRunSchema.index({ tenantId: 1, ruleId: 1, at: -1 });

export type AutomationRunRecord = InferSchemaType<typeof automationRunSchema>;
export const AutomationRun = mongoose.model('AutomationRun', automationRunSchema);
