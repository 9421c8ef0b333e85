import mongoose, { Schema, type Types } from 'mongoose';

/** The corp's customer-tag dictionary as WeCom has it (企业标签库). */
export interface CorpTagDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  tagId: string;
  name: string;
  groupId: string;
  groupName: string;
  order: number;
  /** Gone from WeCom; kept so old follow-user tags still have a name. */
  deleted: boolean;
  syncedAt: Date;
}

const corpTagSchema = new Schema<CorpTagDoc>(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    tagId: { type: String, required: true },
    name: { type: String, required: true },
    groupId: { type: String, required: true },
    groupName: { type: String, default: '' },
    order: { type: Number, default: 0 },
    deleted: { type: Boolean, default: false },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'corp_tags', versionKey: false },
);
corpTagSchema.index({ tenantId: 1, tagId: 1 }, { unique: true });

export const CorpTag =
  (mongoose.models.CorpTag as mongoose.Model<CorpTagDoc> | undefined) ?? mongoose.model<CorpTagDoc>('CorpTag', corpTagSchema);
