import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

const stageSchema = new Schema(
  {
    key: { type: String, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    /** Closed stages end the sales cycle (won/lost); reports and reminders treat them differently. */
    closed: { type: Boolean, default: false },
    won: { type: Boolean, default: false },
  },
  { _id: false },
);

const tenantSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    timezone: { type: String, default: 'Asia/Shanghai' },
    stages: { type: [stageSchema], default: undefined },
    platforms: {
      wecomCorpId: { type: String },
      dingtalkAppKey: { type: String },
    },
  },
  { collection: 'tenants', timestamps: true },
);

export type TenantRecord = InferSchemaType<typeof tenantSchema>;
export type TenantDoc = HydratedDocument<TenantRecord>;
export type StageDefinition = { key: string; name: string; aliases: string[]; closed: boolean; won: boolean };

export const Tenant = mongoose.model('Tenant', tenantSchema);
