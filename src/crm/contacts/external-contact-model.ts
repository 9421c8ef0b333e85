import mongoose, { Schema, type Types } from 'mongoose';

export type ContactType = 'wechat' | 'wecom' | 'unknown';
export type RelationStatus = 'active' | 'removed';
/** staff: the salesperson deleted the customer; customer: the customer deleted the salesperson
 *  (one-way, still listed by WeCom); transfer: moved away by 在职继承; sync: absent from a full read. */
export type RemovedBy = 'staff' | 'customer' | 'transfer' | 'sync';
/** How a contact got its customer: created from it, the same person by unionid (verified by WeCom),
 *  a remark mobile equal to a customer phone (free text, unverified), or linked by a user. */
export type BindReason = 'created' | 'unionid' | 'phone' | 'manual';

export interface FollowTag {
  tagId: string;
  name?: string;
  groupName?: string;
  /** 1 corp, 2 personal, 3 rule-based. */
  type?: number;
}

/** One salesperson's relationship with the contact (WeCom "follow user"). */
export interface FollowRelation {
  userId: string;
  staffId: Types.ObjectId | null;
  status: RelationStatus;
  removedBy: RemovedBy | null;
  /** Time of the fact that set `status`; an older fact never overrides a newer one. */
  statusAt: Date;
  remark?: string;
  description?: string;
  remarkMobiles: string[];
  remarkCorpName?: string;
  tags: FollowTag[];
  addedAt: Date | null;
  addWay?: number;
  operUserId?: string;
  state?: string;
  /** Last time a WeCom read showed this relation. */
  syncedAt: Date | null;
}

/** A change waiting to appear on the bound customer's timeline (kept until recorded). */
export interface ContactHistoryEntry {
  key: string;
  type: 'contact_added' | 'contact_updated' | 'contact_removed' | 'contact_staff_removed' | 'transfer_failed';
  at: Date;
  userId: string;
  staffId: Types.ObjectId | null;
  content: string;
  data: Record<string, unknown>;
  recorded: boolean;
}

export interface ContactProfile {
  name: string;
  avatar?: string;
  corpName?: string;
  corpFullName?: string;
  position?: string;
  type: ContactType;
  gender?: number;
  unionid?: string;
}

export interface ExternalContactDoc extends ContactProfile {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  externalUserId: string;
  followUsers: FollowRelation[];
  customerId: Types.ObjectId | null;
  /** Null on contacts bound before the reason was recorded (treated like 'phone': grants nothing). */
  bindReason?: BindReason | null;
  status: RelationStatus;
  history: ContactHistoryEntry[];
  /** Customer creation in progress: the id it will get, and until when the claim holds. */
  pendingCustomerId: Types.ObjectId | null;
  bindClaimUntil: Date | null;
  profileSyncedAt: Date | null;
  /** Optimistic concurrency: every write is conditional on the version it read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const tagSchema = new Schema<FollowTag>(
  { tagId: { type: String, required: true }, name: String, groupName: String, type: Number },
  { _id: false },
);

const followSchema = new Schema<FollowRelation>(
  {
    userId: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: ['active', 'removed'], required: true },
    removedBy: { type: String, default: null },
    statusAt: { type: Date, required: true },
    remark: String,
    description: String,
    remarkMobiles: { type: [String], default: [] },
    remarkCorpName: String,
    tags: { type: [tagSchema], default: [] },
    addedAt: { type: Date, default: null },
    addWay: Number,
    operUserId: String,
    state: String,
    syncedAt: { type: Date, default: null },
  },
  { _id: false },
);

const historySchema = new Schema<ContactHistoryEntry>(
  {
    key: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    userId: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, default: null },
    content: { type: String, default: '' },
    data: { type: Schema.Types.Mixed, default: {} },
    recorded: { type: Boolean, default: false },
  },
  { _id: false, minimize: false },
);

const externalContactSchema = new Schema<ExternalContactDoc>(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    externalUserId: { type: String, required: true },
    name: { type: String, default: '' },
    avatar: String,
    corpName: String,
    corpFullName: String,
    position: String,
    type: { type: String, enum: ['wechat', 'wecom', 'unknown'], default: 'unknown' },
    gender: Number,
    unionid: String,
    followUsers: { type: [followSchema], default: [] },
    customerId: { type: Schema.Types.ObjectId, default: null },
    bindReason: { type: String, enum: ['created', 'unionid', 'phone', 'manual', null], default: null },
    status: { type: String, enum: ['active', 'removed'], default: 'active' },
    history: { type: [historySchema], default: [] },
    pendingCustomerId: { type: Schema.Types.ObjectId, default: null },
    bindClaimUntil: { type: Date, default: null },
    profileSyncedAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'external_contacts', timestamps: true, versionKey: false, minimize: false },
);
externalContactSchema.index({ tenantId: 1, externalUserId: 1 }, { unique: true });
externalContactSchema.index({ tenantId: 1, customerId: 1 });
externalContactSchema.index({ tenantId: 1, unionid: 1 });
externalContactSchema.index({ tenantId: 1, 'followUsers.staffId': 1 });
externalContactSchema.index({ tenantId: 1, 'followUsers.userId': 1 });

export const ExternalContact =
  (mongoose.models.ExternalContact as mongoose.Model<ExternalContactDoc> | undefined) ??
  mongoose.model<ExternalContactDoc>('ExternalContact', externalContactSchema);
