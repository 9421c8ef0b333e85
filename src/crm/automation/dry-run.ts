import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import type { AutomationActions } from './automation-actions.js';
import { conditionsFilter } from './rule-conditions.js';
import { prepareRule } from './save-rule.js';
import { timeOccurrences } from './scan-time-triggers.js';
import { TIME_TRIGGER_TYPES } from './triggers.js';

export interface DryRunReport {
  /** Customers the rule would act on now (time triggers), or who meet the conditions should the trigger happen. */
  matching: number;
  customers: { id: string; name: string; code: string; skipped: string[] }[];
  actions: string[];
  /** What "matching" means for this trigger, in words. */
  note: string;
}

const SAMPLE = 20;

/** "Which customers would match now, and what would happen" — reads only, writes nothing. */
export async function dryRunRule(actor: Actor, raw: unknown, registry: AutomationActions, timezone: string, now: Date): Promise<DryRunReport> {
  const rule = await prepareRule(actor, raw, registry);
  const timed = (TIME_TRIGGER_TYPES as readonly string[]).includes(rule.trigger.type);
  const filter = await conditionsFilter({ ...rule, tenantId: actor.tenantId });
  const occurring = timed ? await timeOccurrences({ ...rule, tenantId: actor.tenantId }, timezone, now) : null;
  const query = occurring ? { $and: [filter, { _id: { $in: occurring.map((o) => o.customerId) } }] } : filter;
  const [matching, sample] = await Promise.all([
    Customer.countDocuments(query),
    Customer.find(query, { name: 1, code: 1, doNotMarket: 1, doNotSurvey: 1 }).sort({ _id: 1 }).limit(SAMPLE).lean<{ _id: unknown; name: string; code: string; doNotMarket?: boolean; doNotSurvey?: boolean }[]>(),
  ]);
  const steps = rule.actions.map((a) => ({ a, action: registry.find(a.type)! }));
  return {
    matching,
    customers: sample.map((c) => ({
      id: String(c._id),
      name: c.name,
      code: c.code,
      skipped: steps
        .filter(({ action }) => (action.purpose === 'survey' && c.doNotSurvey) || (action.purpose === 'marketing' && c.doNotMarket))
        .map(({ a }) => a.type),
    })),
    actions: steps.map(({ a, action }) => action.describe(a.params)),
    note: timed ? '现在就会执行的客户' : '满足条件的客户（触发事件发生时会执行）',
  };
}
