import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { IMPORT_KINDS } from './import-kinds.js';

export const IMPORT_STATUSES = ['uploaded', 'previewed', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One import: the uploaded file (in GridFS), how its columns map, what to do with duplicates, and
 * — once started — a durable background job: claimed under a lock a live worker keeps renewing, so
 * a crashed run is picked up again where its last chunk ended. `batchId` is the hash of the file,
 * the mapping and the choices; the same file imported the same way is the same batch (one per tenant).
 */
const importJobSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** Who started it (null: the command line), and the name audit entries carry. */
    createdBy: { type: Schema.Types.ObjectId, default: null },
    actorName: { type: String, required: true },
    /** What the file holds: customers, or follow-up history on existing customers. */
    kind: { type: String, enum: IMPORT_KINDS, default: 'customers' },
    fileName: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    fileSize: { type: Number, required: true },
    fileSha256: { type: String, required: true },
    format: { type: String, enum: ['xlsx', 'csv'], required: true },
    encoding: { type: String },
    headerRow: { type: Number, required: true },
    labels: { type: [String], default: [] },
    mapping: { type: Schema.Types.Mixed, default: {} },
    choices: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    batchId: { type: String, required: true },
    /** The last preview's figures (counts per class and action, the first problems). */
    preview: { type: Schema.Types.Mixed, default: null },
    progress: {
      total: { type: Number, default: 0 },
      processed: { type: Number, default: 0 },
      created: { type: Number, default: 0 },
      updated: { type: Number, default: 0 },
      merged: { type: Number, default: 0 },
      skipped: { type: Number, default: 0 },
      rejected: { type: Number, default: 0 },
      /** The last file row whose chunk was fully written. */
      lastRow: { type: Number, default: 0 },
    },
    queuedAt: { type: Date },
    startedAt: { type: Date },
    /** When the current run (first or resumed) began, and how many rows were done then: rows/s and ETA. */
    runStartedAt: { type: Date },
    runStartProcessed: { type: Number, default: 0 },
    finishedAt: { type: Date },
    attempts: { type: Number, default: 0 },
    lockedBy: { type: String, default: null },
    lockedUntil: { type: Date, default: null },
    error: { type: String, default: null },
  },
  { collection: 'import_jobs', timestamps: true, minimize: false },
);
importJobSchema.index({ tenantId: 1, batchId: 1 }, { unique: true });
importJobSchema.index({ status: 1, queuedAt: 1 });
importJobSchema.index({ tenantId: 1, createdAt: -1 });

export type ImportJobRecord = InferSchemaType<typeof importJobSchema>;
export type ImportJobDoc = HydratedDocument<ImportJobRecord>;

export const ImportJob = mongoose.model('ImportJob', importJobSchema);
