import { Types } from 'mongoose';
import type { AppModule } from '../../app/app-module.js';
import { assessmentSchema, saveKpisSchema } from '../../crm/analytics/assessment-input.js';
import { listKpis, saveKpis } from '../../crm/analytics/assessment-kpis.js';
import { COUNTED_ACTIVITY_TYPES } from '../../crm/analytics/activity-facts.js';
import { applyActivity } from '../../crm/analytics/apply-activity.js';
import { dimensionStatistics } from '../../crm/analytics/dimension-statistics.js';
import { funnelStatistics } from '../../crm/analytics/funnel-statistics.js';
import { repStatistics } from '../../crm/analytics/rep-statistics.js';
import { setTarget } from '../../crm/analytics/set-target.js';
import { staffAssessment } from '../../crm/analytics/staff-assessment.js';
import { prepareAssessmentExport, prepareDimensionStatisticsExport, prepareFunnelExport, prepareRepStatisticsExport } from '../../crm/analytics/statistics-exports.js';
import { dimensionStatisticsSchema, funnelStatisticsSchema, repStatisticsSchema, targetSchema } from '../../crm/analytics/statistics-input.js';
import { getTenant } from '../../crm/tenants/get-tenant.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { sendExport } from '../../http/send-export.js';

/**
 * Statistics (统计分析) from daily rollups kept up to date by the `analytics` domain-event
 * subscriber (rebuild from scratch: `npm run stats:rebuild`):
 *   GET /api/stats/reps?from=&to=[&format=csv|xlsx]        each rep, their department's average member, their target
 *   GET /api/stats/customers?dimension=&from=&to=[&format=] new customers and conversions per dimension value
 *   GET /api/stats/funnel?from=&to=[&format=]             customers reaching each stage, conversion, median days in stage
 *   PUT /api/stats/targets {staffId, month, wonAmount?, followUps?}
 *   GET /api/stats/assessment?period=YYYY-MM[&format=]     staff assessment (考核): KPI scores, weighted total vs base, department average
 *   GET|PUT /api/admin/assessment/kpis {kpis: [{name, category, metric, target, weight, baseScore}]}  (admins; weights sum to 100)
 * Periods are calendar days in the company's time zone, both ends included.
 */
export const statisticsModule: AppModule = {
  name: 'statistics',
  setup(deps, router) {
    deps.domainEvents.subscribe({
      name: 'analytics',
      types: COUNTED_ACTIVITY_TYPES,
      async handle(event) {
        const tenantId = new Types.ObjectId(event.tenantId);
        const a = event.activity;
        await applyActivity(
          { tenantId, timezone: (await getTenant(tenantId)).timezone ?? 'Asia/Shanghai' },
          { id: a.id, type: a.type, authorId: a.authorId ? new Types.ObjectId(a.authorId) : null, channel: a.channel ?? null, data: a.data, at: new Date(a.at) },
        );
      },
    });
    const auth = authenticate(deps);
    router.get('/api/stats/reps', auth, requirePermission('statistics', 'view'), async (ctx) => {
      const input = readQuery(ctx, repStatisticsSchema);
      if (input.format === 'json') ctx.body = await repStatistics(actorOf(ctx), input);
      else sendExport(ctx, await prepareRepStatisticsExport(actorOf(ctx), { ...input, format: input.format }), deps.logger);
    });
    router.get('/api/stats/customers', auth, requirePermission('statistics', 'view'), async (ctx) => {
      const input = readQuery(ctx, dimensionStatisticsSchema);
      if (input.format === 'json') ctx.body = await dimensionStatistics(actorOf(ctx), input);
      else sendExport(ctx, await prepareDimensionStatisticsExport(actorOf(ctx), { ...input, format: input.format }), deps.logger);
    });
    router.get('/api/stats/funnel', auth, requirePermission('statistics', 'view'), async (ctx) => {
      const input = readQuery(ctx, funnelStatisticsSchema);
      if (input.format === 'json') ctx.body = await funnelStatistics(actorOf(ctx), input);
      else sendExport(ctx, await prepareFunnelExport(actorOf(ctx), { ...input, format: input.format }), deps.logger);
    });
    router.put('/api/stats/targets', auth, requirePermission('statistics', 'edit'), async (ctx) => {
      ctx.body = await setTarget(actorOf(ctx), await readJsonBody(ctx, targetSchema, deps.config.BODY_LIMIT_BYTES));
    });
    router.get('/api/stats/assessment', auth, requirePermission('statistics', 'view'), async (ctx) => {
      const input = readQuery(ctx, assessmentSchema);
      if (input.format === 'json') ctx.body = await staffAssessment(actorOf(ctx), input);
      else sendExport(ctx, await prepareAssessmentExport(actorOf(ctx), { ...input, format: input.format }), deps.logger);
    });
    router.get('/api/admin/assessment/kpis', auth, requirePermission('settings', 'admin'), async (ctx) => {
      ctx.body = { items: await listKpis(actorOf(ctx).tenantId) };
    });
    router.put('/api/admin/assessment/kpis', auth, requirePermission('settings', 'admin'), async (ctx) => {
      ctx.body = { items: await saveKpis(actorOf(ctx), await readJsonBody(ctx, saveKpisSchema, deps.config.BODY_LIMIT_BYTES)) };
    });
  },
};
