import { Types } from 'mongoose';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { AutomationRule, AutomationRun } from '../models/automation-rule.js';
import { compileCustomerFilter } from '../query/compile-customer-filter.js';
import { recordAudit } from '../record-audit.js';
import { findStage } from '../stages.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import type { AutomationActions } from './automation-actions.js';
import { parseRuleInput, type RuleInput } from './rule-input.js';
import { findLoop } from './rule-loops.js';
import type { StoredRule } from './stored-rule.js';
import { assertCan } from '../permissions/access-of.js';

function requireAdmin(actor: Actor, action: 'view' | 'create' | 'edit'): void {
  assertCan(actor, 'automation', action, 'automation rules are managed by tenant admins');
}

function ruleId(id: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(id)) throw new NotFound('automation rule');
  return new Types.ObjectId(id);
}

/**
 * Validates a rule and puts stage names into the tenant's stage keys (`成交` and `won` are one
 * stage), so triggers match the timeline's keys and the loop check compares like with like.
 */
export async function prepareRule(actor: Actor, raw: unknown, registry: AutomationActions): Promise<RuleInput> {
  const input = parseRuleInput(raw, registry);
  const stages = await getTenantStages(actor.tenantId);
  const stageKey = (name: string, path: string) => {
    const stage = findStage(stages, name);
    if (!stage) throw new InvalidInput(`invalid rule: ${path}: unknown stage "${name}"`, [{ path, message: `unknown stage "${name}"` }]);
    return stage.key;
  };
  const trigger = input.trigger.type === 'stage_changed' ? { ...input.trigger, to: stageKey(input.trigger.to, 'trigger.to') } : input.trigger;
  const actions = input.actions.map((a, i) =>
    a.type === 'set_stage' ? { ...a, params: { ...a.params, stage: stageKey(String(a.params.stage), `actions.${i}.params.stage`) } } : a,
  );
  const conditions = input.conditions.map((c, i) => {
    if (c.field !== 'stage') return c;
    const keys = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => stageKey(v, `conditions.${i}.value`));
    return { ...c, value: Array.isArray(c.value) ? keys : keys[0]! };
  });
  // Compiling checks every field and value against the tenant's catalogue (400 naming `filter.…`).
  if (input.filter) await compileCustomerFilter(actor, input.filter);
  return { ...input, trigger, actions, conditions };
}

async function refuseLoops(actor: Actor, id: Types.ObjectId, input: RuleInput, registry: AutomationActions): Promise<void> {
  if (!input.enabled) return;
  const others = await AutomationRule.find({ tenantId: actor.tenantId, enabled: true, _id: { $ne: id } }).lean<StoredRule[]>();
  const loop = findLoop(
    { id: String(id), name: input.name, trigger: input.trigger, actions: input.actions },
    others.map((o) => ({ id: String(o._id), name: o.name, trigger: o.trigger, actions: o.actions })),
    registry,
  );
  if (loop) throw new Conflict(`规则会触发自己（rule would trigger itself）：${loop.join(' → ')}`, { loop });
}

export async function createRule(actor: Actor, raw: unknown, registry: AutomationActions): Promise<StoredRule> {
  requireAdmin(actor, 'create');
  const input = await prepareRule(actor, raw, registry);
  const id = new Types.ObjectId();
  await refuseLoops(actor, id, input, registry);
  const rule = await AutomationRule.create({ _id: id, tenantId: actor.tenantId, ...input, createdBy: actor.staffId ?? undefined });
  await recordAudit(actor, { action: 'automation_rule.create', entity: 'automation_rule', entityId: id, before: null, after: rule.toObject() });
  return rule.toObject() as unknown as StoredRule;
}

export async function updateRule(actor: Actor, id: string, raw: unknown, registry: AutomationActions): Promise<StoredRule> {
  requireAdmin(actor, 'edit');
  const existing = await AutomationRule.findOne({ _id: ruleId(id), tenantId: actor.tenantId });
  if (!existing) throw new NotFound('automation rule');
  const input = await prepareRule(actor, raw, registry);
  await refuseLoops(actor, existing._id, input, registry);
  const before = existing.toObject();
  existing.set(input);
  await existing.save();
  await recordAudit(actor, { action: 'automation_rule.update', entity: 'automation_rule', entityId: existing._id, before, after: existing.toObject() });
  return existing.toObject() as unknown as StoredRule;
}

/** The on/off switch; switching on checks for loops with the rules that are on now. */
export async function setRuleEnabled(actor: Actor, id: string, enabled: boolean, registry: AutomationActions): Promise<StoredRule> {
  requireAdmin(actor, 'edit');
  const existing = await AutomationRule.findOne({ _id: ruleId(id), tenantId: actor.tenantId });
  if (!existing) throw new NotFound('automation rule');
  const rule = existing.toObject() as unknown as StoredRule;
  if (enabled) await refuseLoops(actor, existing._id, { ...rule, filter: rule.filter ?? null, enabled: true }, registry);
  existing.enabled = enabled;
  await existing.save();
  await recordAudit(actor, { action: enabled ? 'automation_rule.enable' : 'automation_rule.disable', entity: 'automation_rule', entityId: existing._id, before: { enabled: !enabled }, after: { enabled } });
  return { ...rule, enabled };
}

export async function listRules(actor: Actor): Promise<StoredRule[]> {
  requireAdmin(actor, 'view');
  return AutomationRule.find({ tenantId: actor.tenantId }).sort({ _id: 1 }).lean<StoredRule[]>();
}

export async function getRule(actor: Actor, id: string): Promise<StoredRule> {
  requireAdmin(actor, 'view');
  const rule = await AutomationRule.findOne({ _id: ruleId(id), tenantId: actor.tenantId }).lean<StoredRule | null>();
  if (!rule) throw new NotFound('automation rule');
  return rule;
}

/** The run log, newest first: every occurrence with its status and each action's result. */
export async function listRuns(actor: Actor, id: string, limit = 100) {
  const rule = await getRule(actor, id);
  return AutomationRun.find({ tenantId: actor.tenantId, ruleId: rule._id }).sort({ at: -1, _id: -1 }).limit(limit).lean();
}
