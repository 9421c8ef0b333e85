import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { AssessmentKpi } from '../models/assessment-kpi.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { saveKpisSchema, type KpiMetric, type SaveKpisInput } from './assessment-input.js';
import { assertCan } from '../permissions/access-of.js';

export interface KpiView {
  name: string;
  category: string;
  metric: KpiMetric;
  target: number;
  weight: number;
  baseScore: number;
}

export async function listKpis(tenantId: Types.ObjectId): Promise<KpiView[]> {
  const rows = await AssessmentKpi.find({ tenantId }).sort({ order: 1 }).lean();
  return rows.map((k) => ({ name: k.name, category: k.category ?? '', metric: k.metric as KpiMetric, target: k.target, weight: k.weight, baseScore: k.baseScore }));
}

/** Replaces a tenant's KPI set (weights summing to 100); admins only, audited with before/after. */
export async function saveKpis(actor: Actor, raw: SaveKpisInput): Promise<KpiView[]> {
  assertCan(actor, 'settings', 'admin', 'assessment KPIs are set by admins');
  const { kpis } = parseInput(saveKpisSchema, raw);
  const before = await listKpis(actor.tenantId);
  await AssessmentKpi.deleteMany({ tenantId: actor.tenantId });
  await AssessmentKpi.insertMany(kpis.map((k, order) => ({ ...k, tenantId: actor.tenantId, order })));
  const after = await listKpis(actor.tenantId);
  await recordAudit(actor, { action: 'assessment_kpis.set', entity: 'assessment_kpis', entityId: actor.tenantId, before, after });
  return after;
}
