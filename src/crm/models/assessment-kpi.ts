import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A staff-assessment (考核) KPI of a tenant: a rollup figure, its monthly target, its weight in the
 * total (a tenant's weights sum to 100) and its base score (the pass mark). The set is replaced
 * whole by admins (src/crm/analytics/save-assessment-kpis.ts).
 */
const assessmentKpiSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    order: { type: Number, required: true },
    name: { type: String, required: true },
    category: { type: String, default: '' },
    /** A key of RepFigures: followUps, wonAmount (分)… */
    metric: { type: String, required: true },
    /** Per month, in the metric's unit (分 for amounts). */
    target: { type: Number, required: true },
    weight: { type: Number, required: true },
    baseScore: { type: Number, required: true },
  },
  { collection: 'assessment_kpis', timestamps: true },
);
assessmentKpiSchema.index({ tenantId: 1, order: 1 });

export type AssessmentKpiRecord = InferSchemaType<typeof assessmentKpiSchema>;
export const AssessmentKpi = mongoose.model('AssessmentKpi', assessmentKpiSchema);
