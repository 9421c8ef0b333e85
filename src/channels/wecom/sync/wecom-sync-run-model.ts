import mongoose, { Schema, type Types } from 'mongoose';
import type { SyncProgress } from './sync-wecom-contacts.js';

export type SyncRunStatus = 'running' | 'done' | 'failed';
export type SyncTrigger = 'cli' | 'admin' | 'nightly';

export interface WecomSyncRunDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  trigger: SyncTrigger;
  /** For nightly runs: the local date (one run per day, unique). Otherwise the run id. */
  runKey: string;
  status: SyncRunStatus;
  progress: SyncProgress;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const schema = new Schema<WecomSyncRunDoc>(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    trigger: { type: String, required: true },
    runKey: { type: String, required: true },
    status: { type: String, required: true },
    progress: { type: Schema.Types.Mixed, default: {} },
    error: { type: String, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'wecom_sync_runs', versionKey: false, minimize: false },
);
schema.index({ tenantId: 1, runKey: 1 }, { unique: true });
schema.index({ tenantId: 1, startedAt: -1 });

export const WecomSyncRun =
  (mongoose.models.WecomSyncRun as mongoose.Model<WecomSyncRunDoc> | undefined) ?? mongoose.model<WecomSyncRunDoc>('WecomSyncRun', schema);
