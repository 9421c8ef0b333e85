import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

const stageSchema = new Schema(
  {
    key: { type: String, required: true },
    name: { type: String, required: true },
    /** The English display name (settings); unset: the Chinese name serves both. */
    nameEn: { type: String },
    aliases: { type: [String], default: [] },
    /** Closed stages end the sales cycle (won/lost); reports and reminders treat them differently. */
    closed: { type: Boolean, default: false },
    won: { type: Boolean, default: false },
  },
  { _id: false },
);

const dealStageSchema = new Schema(
  {
    key: { type: String, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    /** Default win probability (0–100) of a deal entering this stage. */
    probability: { type: Number, required: true },
    closed: { type: Boolean, default: false },
    won: { type: Boolean, default: false },
  },
  { _id: false },
);

const wecomSettingsSchema = new Schema(
  {
    corpId: { type: String, required: true },
    agentId: { type: String },
    secret: { type: String, required: true },
    token: { type: String },
    aesKey: { type: String },
    /** A private-cloud WeCom API host; unset: WECOM_API_BASE. */
    apiBase: { type: String },
  },
  { _id: false },
);

const dingtalkSettingsSchema = new Schema(
  {
    appKey: { type: String, required: true },
    appSecret: { type: String, required: true },
    agentId: { type: String },
    robotCode: { type: String },
    token: { type: String },
    aesKey: { type: String },
  },
  { _id: false },
);

const tenantSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    timezone: { type: String, default: 'Asia/Shanghai' },
    stages: { type: [stageSchema], default: undefined },
    /** Deals and contracts; unset fields fall back to src/crm/deals/sales-settings.ts defaults. */
    sales: {
      dealStages: { type: [dealStageSchema], default: undefined },
      contractNumberFormat: { type: String },
      /** Contracts above this amount (minor units) need a manager's approval. */
      contractApprovalThreshold: { type: Number },
      defaultCurrency: { type: String },
      /** Owners are reminded when a contract's end date comes within this many days. */
      contractEndReminderDays: { type: Number },
    },
    /** After-sale service; unset fields fall back to defaults (tickets: src/crm/tickets/service-settings.ts). */
    service: {
      /** Care cycles per customer level: e.g. VIP every 30 days after their first signed contract. */
      careCycles: { type: [{ _id: false, level: { type: String, required: true }, everyDays: { type: Number, required: true } }], default: undefined },
      /** Hours from a ticket's opening (or reopening) to its SLA due time, per priority. */
      slaHours: { low: { type: Number }, normal: { type: Number }, high: { type: Number }, urgent: { type: Number } },
    },
    permissions: {
      /** Roles that may export customer lists (each within their own data scope); unset: every role. */
      exportRoles: { type: [String], default: undefined },
    },
    platforms: {
      wecomCorpId: { type: String },
      dingtalkAppKey: { type: String },
    },
    /**
     * The company's WeCom self-built app. `secret`, `token` and `aesKey` hold sealed values
     * (src/secrets/seal-secret.ts, bound to this tenant and field), never the plaintext; see
     * src/crm/tenants/tenant-platform-settings.ts. Unset: the tenant has no WeCom app of its own.
     */
    wecom: { type: wecomSettingsSchema, default: undefined },
    /** The company's DingTalk app; `appSecret`, `token` and `aesKey` sealed as above. */
    dingtalk: { type: dingtalkSettingsSchema, default: undefined },
    /** Audit entries older than this many days are removed by the nightly retention job (default 365). */
    auditRetentionDays: { type: Number, min: 1, max: 36_500 },
    /** Levels, sources, tag groups, contact cycles, numbering, working hours, digest defaults: src/crm/settings (validated there). */
    settings: { type: Schema.Types.Mixed, default: undefined },
  },
  {
    collection: 'tenants',
    timestamps: true,
    // Sealed platform secrets never leave the process in a JSON body, even by mistake.
    toJSON: { transform: (_doc, ret: Record<string, unknown>) => withoutPlatformSettings(ret) },
  },
);

function withoutPlatformSettings(ret: Record<string, unknown>): Record<string, unknown> {
  delete ret.wecom;
  delete ret.dingtalk;
  return ret;
}

export type TenantRecord = InferSchemaType<typeof tenantSchema>;
export type TenantDoc = HydratedDocument<TenantRecord>;
export type DealStageDefinition = { key: string; name: string; aliases: string[]; probability: number; closed: boolean; won: boolean };
export type StageDefinition = { key: string; name: string; nameEn?: string | null; aliases: string[]; closed: boolean; won: boolean };

export const Tenant = mongoose.model('Tenant', tenantSchema);
