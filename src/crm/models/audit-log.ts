import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const auditLogSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorName: { type: String },
    source: { type: String, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: Schema.Types.ObjectId, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'audit_logs', minimize: false },
);
auditLogSchema.index({ tenantId: 1, entity: 1, entityId: 1, at: -1 });
auditLogSchema.index({ tenantId: 1, at: -1 });
auditLogSchema.index({ tenantId: 1, actorId: 1, at: -1 });
// Append-only: an entry is never changed, and removed only by the retention job (deleteMany of old entries).
auditLogSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne'], () => {
  throw new Error('audit entries are append-only');
});
auditLogSchema.pre('save', function refuseRewrite() {
  if (!this.isNew) throw new Error('audit entries are append-only');
});

export type AuditLogRecord = InferSchemaType<typeof auditLogSchema>;

export const AuditLog = mongoose.model('AuditLog', auditLogSchema);
