import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { todayIn } from '../calendar-date.js';
import { contractBalance } from '../contracts/contract-balance.js';
import { COLLECTING_STATUSES } from '../contracts/contract-money-rows.js';
import { AutomationRule } from '../models/automation-rule.js';
import { Contract } from '../models/contract.js';
import { Customer } from '../models/customer.js';
import type { AutomationActions } from './automation-actions.js';
import { conditionsFilter } from './rule-conditions.js';
import { runRule, type Occurrence } from './run-rule.js';
import type { StoredRule } from './stored-rule.js';
import { TIME_TRIGGER_TYPES } from './triggers.js';

/** Per rule and scan, so one broad rule cannot hold the scan for long; the rest come next scan. */
const MAX_OCCURRENCES_PER_SCAN = 500;
const DAY_MS = 86_400_000;

/**
 * The occurrences of a time trigger now, each named so that a later scan finds the same name:
 * a silence is one occurrence until the next contact (`no_contact:<customer>:<last contact>`), a
 * contract's end one per end date, an overdue installment one per installment.
 */
export async function timeOccurrences(rule: Pick<StoredRule, 'tenantId' | 'trigger' | 'conditions' | 'filter'>, timezone: string, now: Date): Promise<Occurrence[]> {
  const today = todayIn(timezone, now);
  const trigger = rule.trigger;
  if (trigger.type === 'no_contact') {
    const before = new Date(now.getTime() - trigger.days * DAY_MS);
    const silent = await Customer.find(
      { $and: [await conditionsFilter(rule), { $or: [{ lastContactAt: { $lt: before } }, { lastContactAt: null, createdAt: { $lt: before } }] }] },
      { lastContactAt: 1 },
    )
      .sort({ _id: 1 })
      .limit(MAX_OCCURRENCES_PER_SCAN)
      .lean();
    return silent.map((c) => ({ customerId: c._id, key: `no_contact:${String(c._id)}:${c.lastContactAt ? c.lastContactAt.toISOString() : 'never'}` }));
  }
  const collecting = { $in: [...COLLECTING_STATUSES] };
  if (trigger.type === 'contract_ending') {
    const horizon = DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: trigger.days }).toISODate()!;
    const ending = await Contract.find({ tenantId: rule.tenantId, status: collecting, endDate: { $gte: today, $lte: horizon } }, { customerId: 1, endDate: 1 })
      .limit(MAX_OCCURRENCES_PER_SCAN)
      .lean();
    return ending.map((c) => ({ customerId: c.customerId, key: `contract_ending:${String(c._id)}:${c.endDate}` }));
  }
  if (trigger.type === 'payment_overdue') {
    const owing = await Contract.find({ tenantId: rule.tenantId, status: collecting, 'installments.dueDate': { $lt: today } }, { customerId: 1, amount: 1, installments: 1, payments: 1 })
      .limit(MAX_OCCURRENCES_PER_SCAN)
      .lean();
    return owing.flatMap((c) =>
      contractBalance(c, today)
        .installments.filter((i) => i.status === 'overdue')
        .map((i) => ({ customerId: c.customerId, key: `payment_overdue:${i.id}` })),
    );
  }
  return [];
}

/** One scan of a tenant's time-triggered rules; returns how many runs finished with an effect. */
export async function scanTimeTriggers(tenant: { tenantId: Types.ObjectId; timezone: string }, registry: AutomationActions, now: Date): Promise<number> {
  const rules = await AutomationRule.find({ tenantId: tenant.tenantId, enabled: true, 'trigger.type': { $in: [...TIME_TRIGGER_TYPES] } }).lean<StoredRule[]>();
  let done = 0;
  for (const rule of rules) {
    for (const occurrence of await timeOccurrences(rule, tenant.timezone, now)) {
      if ((await runRule(rule, occurrence, registry, now)).status === 'done') done++;
    }
  }
  return done;
}
