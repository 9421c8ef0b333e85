import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { ROLES } from '../actor.js';

const staffSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The platform user id (WeCom userid; for DingTalk-only teams the DingTalk userId). */
    userId: { type: String, required: true },
    dingtalkUserId: { type: String },
    /** Feishu/Lark open_id (per app) of this person, once linked. */
    feishuOpenId: { type: String },
    /** Slack user id (U…/W…) of this person, set by an admin or linked by email. */
    slackUserId: { type: String },
    email: { type: String },
    name: { type: String, required: true },
    mobile: { type: String },
    departments: { type: [String], default: [] },
    /** Job title (职位). */
    position: { type: String },
    /** Whom this person reports to (the directory's 直属上级). */
    managerId: { type: Schema.Types.ObjectId, default: null },
    role: { type: String, enum: ROLES, required: true, default: 'sales' },
    /** Permission groups: built-in keys ('sales'…) or PermissionGroup ids. Unset, the role's built-in group alone applies. */
    groupIds: { type: [String], default: undefined },
    active: { type: Boolean, default: true },
    /** The language chat replies are written in for this person; unset, each reply follows the command's language. */
    language: { type: String, enum: ['zh', 'en'] },
    /** The directories (wecom, dingtalk) whose sync lists this person: only they may deactivate them as leavers. */
    directorySources: { type: [String], default: undefined },
  },
  { collection: 'staff', timestamps: true },
);
staffSchema.index({ tenantId: 1, userId: 1 }, { unique: true });
staffSchema.index({ tenantId: 1, departments: 1 });
staffSchema.index({ tenantId: 1, feishuOpenId: 1 }, { sparse: true });
staffSchema.index({ tenantId: 1, slackUserId: 1 }, { sparse: true });

export type StaffRecord = InferSchemaType<typeof staffSchema>;
export type StaffDoc = HydratedDocument<StaffRecord>;

export const Staff = mongoose.model('Staff', staffSchema);
