import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { CrmError } from '../../errors.js';
import { AutomationRun, type RunStatus } from '../models/automation-rule.js';
import { nextSequence } from '../models/counter.js';
import { Customer } from '../models/customer.js';
import type { AutomationActions, AutomationCustomer } from './automation-actions.js';
import { conditionsFilter } from './rule-conditions.js';
import type { StoredRule } from './stored-rule.js';

/** One happening of a rule's trigger for one customer. */
export interface Occurrence {
  customerId: Types.ObjectId;
  /** Names the happening, the same on every delivery: `activity:<id>`, `no_contact:<customer>:<last contact>`… */
  key: string;
}

export interface ActionResult {
  type: string;
  ok: boolean;
  /** What it did, why it was skipped, or what went wrong, in words. */
  text: string;
}

export interface RunOutcome {
  status: RunStatus;
  reason?: string;
  results: ActionResult[];
}

const HOUR_MS = 3_600_000;
const CUSTOMER_FIELDS = { name: 1, code: 1, stage: 1, tags: 1, ownerId: 1, doNotMarket: 1, doNotSurvey: 1 } as const;

/**
 * Runs a rule for one occurrence, at most once in effect: the run record's unique (rule, occurrence)
 * key turns a redelivery into a no-op once the run finished, and a run cut short (crash, retry)
 * resumes after its last finished action. Actions are idempotent under their own keys besides, so
 * even two instances resuming the same run at once cannot double an effect.
 * A domain refusal of one action (CrmError) is logged and the next action runs; anything else is
 * thrown so the inbox retries the whole run later.
 */
export async function runRule(rule: StoredRule, occurrence: Occurrence, registry: AutomationActions, now: Date): Promise<RunOutcome> {
  const claimed = await claimRun(rule, occurrence, now);
  if (claimed.status !== 'running') return { status: claimed.status, results: claimed.results, ...(claimed.reason ? { reason: claimed.reason } : {}) };
  const runId = claimed._id;
  const finish = async (status: RunStatus, results: ActionResult[], reason?: string): Promise<RunOutcome> => {
    await AutomationRun.updateOne({ _id: runId }, { $set: { status, results, finishedAt: new Date(), ...(reason ? { reason } : {}) } });
    return { status, results, ...(reason ? { reason } : {}) };
  };
  // One atomic count per rule and clock hour: instances running at once cannot all slip under the cap.
  if (claimed.fresh && (await nextSequence(`automation-rate:${String(rule._id)}:${Math.floor(now.getTime() / HOUR_MS)}`)) > rule.maxRunsPerHour) {
    return finish('rate_limited', [], `已达每小时 ${rule.maxRunsPerHour} 次上限`);
  }
  const filter = await conditionsFilter(rule);
  const customer = await Customer.findOne({ $and: [filter, { _id: occurrence.customerId }] }, CUSTOMER_FIELDS).lean<AutomationCustomer | null>();
  if (!customer) return finish('skipped', [], '客户不满足条件');

  const results: ActionResult[] = [...claimed.results];
  for (let index = results.length; index < rule.actions.length; index++) {
    const step = rule.actions[index]!;
    const action = registry.find(step.type);
    if (!action) {
      results.push({ type: step.type, ok: false, text: `此服务没有动作「${step.type}」` });
    } else if ((action.purpose === 'survey' && customer.doNotSurvey) || (action.purpose === 'marketing' && customer.doNotMarket)) {
      results.push({ type: step.type, ok: true, text: action.purpose === 'survey' ? '已跳过：客户不接受调查' : '已跳过：客户不接受营销' });
    } else {
      try {
        const text = await action.run(step.params, {
          tenantId: rule.tenantId,
          rule: { id: String(rule._id), name: rule.name },
          customer,
          now,
          key: `automation:${String(rule._id)}:${occurrence.key}:${index}`,
          remember: (choose) => remember(runId, index, choose),
        });
        results.push({ type: step.type, ok: true, text });
      } catch (error) {
        if (!(error instanceof CrmError)) throw error;
        results.push({ type: step.type, ok: false, text: error.message });
      }
    }
    await AutomationRun.updateOne({ _id: runId }, { $set: { results } });
  }
  return finish(results.every((r) => r.ok) ? 'done' : 'failed', results);
}

type Claimed = { _id: Types.ObjectId; status: RunStatus; results: ActionResult[]; reason?: string; fresh: boolean };

async function claimRun(rule: StoredRule, occurrence: Occurrence, now: Date): Promise<Claimed> {
  try {
    const run = await AutomationRun.create({ tenantId: rule.tenantId, ruleId: rule._id, occurrence: occurrence.key, customerId: occurrence.customerId, status: 'running', at: now });
    return { _id: run._id, status: 'running', results: [], fresh: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const run = await AutomationRun.findOne({ ruleId: rule._id, occurrence: occurrence.key }).lean();
  if (!run) throw new Error(`automation run ${String(rule._id)}/${occurrence.key} vanished after a duplicate key`);
  return { _id: run._id, status: run.status, results: run.results as ActionResult[], ...(run.reason ? { reason: run.reason } : {}), fresh: false };
}

async function remember<T extends string>(runId: Types.ObjectId, index: number, choose: () => Promise<T>): Promise<T> {
  const path = `memo.${index}`;
  const stored = await AutomationRun.findOne({ _id: runId }, { memo: 1 }).lean();
  const before = (stored?.memo as Record<string, string> | undefined)?.[String(index)];
  if (before !== undefined) return before as T;
  const chosen = await choose();
  await AutomationRun.updateOne({ _id: runId, [path]: { $exists: false } }, { $set: { [path]: chosen } });
  const after = await AutomationRun.findOne({ _id: runId }, { memo: 1 }).lean();
  return ((after?.memo as Record<string, string> | undefined)?.[String(index)] ?? chosen) as T;
}
