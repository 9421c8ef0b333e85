import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppModule } from '../../app/app-module.js';
import { BUILTIN_ACTIONS } from '../../crm/automation/builtin-actions.js';
import { dryRunRule } from '../../crm/automation/dry-run.js';
import { runRulesForActivity } from '../../crm/automation/run-rules-for-activity.js';
import { createRule, getRule, listRules, listRuns, setRuleEnabled, updateRule } from '../../crm/automation/save-rule.js';
import type { StoredRule } from '../../crm/automation/stored-rule.js';
import { TRIGGER_ACTIVITY_TYPES } from '../../crm/automation/triggers.js';
import { getTenant } from '../../crm/tenants/get-tenant.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';
import { createAutomationScanJob } from '../../jobs/run-automation-scans.js';
import { notifyActions } from './notify-actions.js';
import { surveyActions } from './survey-actions.js';

const anyBody = z.unknown();
const switchSchema = z.object({ enabled: z.boolean() }).strict();

function ruleView(rule: StoredRule) {
  const { _id, name, enabled, trigger, conditions, actions, maxRunsPerHour } = rule;
  return { id: String(_id), name, enabled, trigger, conditions, actions, maxRunsPerHour };
}

/**
 * Automation rules (自动化): tenant admins say "when X happens, do Y". Event triggers arrive as
 * domain events through the durable inbox (subscriber `automation`); time triggers come from a
 * quarter-hourly scan. Admin REST under /api/admin/automation:
 *   GET  /actions                     the action types rules may use
 *   GET|POST /rules, GET|PUT /rules/:id, POST /rules/:id/enabled {enabled}
 *   POST /dry-run {rule} · POST /rules/:id/dry-run   who would match now and what would happen
 *   GET  /rules/:id/runs              the run log with every action's result
 */
export const automationModule: AppModule = {
  name: 'automation',
  setup(deps, router) {
    const registry = deps.automationActions;
    for (const action of [...BUILTIN_ACTIONS, ...notifyActions(deps), ...surveyActions(deps)]) registry.register<unknown>(action);
    deps.domainEvents.subscribe({
      name: 'automation',
      types: TRIGGER_ACTIVITY_TYPES,
      async handle(event) {
        const a = event.activity;
        await runRulesForActivity(new Types.ObjectId(event.tenantId), { id: a.id, type: a.type, customerId: new Types.ObjectId(a.customerId), data: a.data }, registry, new Date());
      },
    });
    deps.jobs.add(createAutomationScanJob(registry, deps.logger.child({ component: 'automation' })));

    const admin = [authenticate(deps)] as const;
    const limit = deps.config.BODY_LIMIT_BYTES;
    router.get('/api/admin/automation/actions', ...admin, requirePermission('automation', 'view'), (ctx) => {
      ctx.body = { items: registry.types().map((type) => ({ type })) };
    });
    router.get('/api/admin/automation/rules', ...admin, requirePermission('automation', 'view'), async (ctx) => {
      ctx.body = { items: (await listRules(actorOf(ctx))).map(ruleView) };
    });
    router.post('/api/admin/automation/rules', ...admin, requirePermission('automation', 'create'), async (ctx) => {
      const rule = await createRule(actorOf(ctx), await readJsonBody(ctx, anyBody, limit), registry);
      ctx.status = 201;
      ctx.body = ruleView(rule);
    });
    router.get('/api/admin/automation/rules/:id', ...admin, requirePermission('automation', 'view'), async (ctx) => {
      ctx.body = ruleView(await getRule(actorOf(ctx), String(ctx.params.id)));
    });
    router.put('/api/admin/automation/rules/:id', ...admin, requirePermission('automation', 'edit'), async (ctx) => {
      ctx.body = ruleView(await updateRule(actorOf(ctx), String(ctx.params.id), await readJsonBody(ctx, anyBody, limit), registry));
    });
    router.post('/api/admin/automation/rules/:id/enabled', ...admin, requirePermission('automation', 'edit'), async (ctx) => {
      const { enabled } = await readJsonBody(ctx, switchSchema, limit);
      ctx.body = ruleView(await setRuleEnabled(actorOf(ctx), String(ctx.params.id), enabled, registry));
    });
    const dryRun = async (actor: ReturnType<typeof actorOf>, raw: unknown) =>
      dryRunRule(actor, raw, registry, (await getTenant(actor.tenantId)).timezone ?? 'Asia/Shanghai', new Date());
    router.post('/api/admin/automation/dry-run', ...admin, requirePermission('automation', 'view'), async (ctx) => {
      ctx.body = await dryRun(actorOf(ctx), await readJsonBody(ctx, anyBody, limit));
    });
    router.post('/api/admin/automation/rules/:id/dry-run', ...admin, requirePermission('automation', 'view'), async (ctx) => {
      const { id: _id, ...saved } = ruleView(await getRule(actorOf(ctx), String(ctx.params.id)));
      ctx.body = await dryRun(actorOf(ctx), saved);
    });
    router.get('/api/admin/automation/rules/:id/runs', ...admin, requirePermission('automation', 'view'), async (ctx) => {
      const runs = await listRuns(actorOf(ctx), String(ctx.params.id));
      ctx.body = {
        items: runs.map((r) => ({ id: String(r._id), occurrence: r.occurrence, customerId: String(r.customerId), status: r.status, reason: r.reason ?? null, results: r.results, at: r.at, finishedAt: r.finishedAt ?? null })),
      };
    });
  },
};
