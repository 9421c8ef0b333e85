import type { Types } from 'mongoose';
import { AutomationRule } from '../models/automation-rule.js';
import type { AutomationActions } from './automation-actions.js';
import { runRule, type RunOutcome } from './run-rule.js';
import type { StoredRule } from './stored-rule.js';
import { firedByActivity, TIME_TRIGGER_TYPES } from './triggers.js';

export interface TriggeringActivity {
  id: string;
  type: string;
  customerId: Types.ObjectId;
  data: Record<string, unknown>;
}

/** Runs every enabled rule of the tenant whose trigger this timeline entry fires (once per rule × entry). */
export async function runRulesForActivity(tenantId: Types.ObjectId, activity: TriggeringActivity, registry: AutomationActions, now: Date): Promise<RunOutcome[]> {
  const rules = await AutomationRule.find({ tenantId, enabled: true, 'trigger.type': { $nin: [...TIME_TRIGGER_TYPES] } }).lean<StoredRule[]>();
  const outcomes: RunOutcome[] = [];
  for (const rule of rules.filter((r) => firedByActivity(r.trigger, activity))) {
    outcomes.push(await runRule(rule, { customerId: activity.customerId, key: `activity:${activity.id}` }, registry, now));
  }
  return outcomes;
}
