import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';

export const EXPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportJobStatus = (typeof EXPORT_JOB_STATUSES)[number];

/**
 * One large export run in the background: what was asked (kind, format, the filters as JSON text
 * since universal queries may carry `$`-keys), who asked — with the role and departments they had
 * then, so the file holds their data scope at creation — and, once done, the file under DATA_DIR
 * that can be downloaded until `expiresAt` (a sweep deletes it after).
 */
const exportJobSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    actor: {
      role: { type: String, required: true },
      departments: { type: [String], default: [] },
      name: { type: String, default: null },
    },
    kind: { type: String, required: true },
    format: { type: String, enum: ['csv', 'xlsx'], required: true },
    inputJson: { type: String, required: true },
    status: { type: String, enum: EXPORT_JOB_STATUSES, required: true },
    rows: { type: Number, default: 0 },
    size: { type: Number, default: 0 },
    /** The file's name inside the export directory (tenant folder included), and what the download is called. */
    filePath: { type: String, default: null },
    downloadName: { type: String, default: null },
    queuedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    lockedBy: { type: String, default: null },
    lockedUntil: { type: Date, default: null },
    error: { type: String, default: null },
  },
  { collection: 'export_jobs', timestamps: true, minimize: false },
);
exportJobSchema.index({ status: 1, queuedAt: 1 });
exportJobSchema.index({ tenantId: 1, createdBy: 1, createdAt: -1 });
exportJobSchema.index({ status: 1, expiresAt: 1 });

export type ExportJobRecord = InferSchemaType<typeof exportJobSchema>;
export type ExportJobDoc = HydratedDocument<ExportJobRecord>;

export const ExportJob = mongoose.model('ExportJob', exportJobSchema);
