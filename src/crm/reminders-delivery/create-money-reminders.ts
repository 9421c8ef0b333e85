import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { systemActor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { contractBalance } from '../contracts/contract-balance.js';
import { COLLECTING_STATUSES } from '../contracts/contract-money-rows.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Contract } from '../models/contract.js';
import { Reminder } from '../models/reminder.js';
import { Staff } from '../models/staff.js';
import { formatMoney } from '../money.js';
import { recordAudit } from '../record-audit.js';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';

export interface MoneyReminderSweep {
  created: number;
  existing: number;
}

type Origin = 'contract_end' | 'installment_due' | 'installment_overdue';
interface Wanted {
  origin: Origin;
  dedupeKey: string;
  ownerId: Types.ObjectId;
  customerId: Types.ObjectId;
  text: string;
}

/**
 * Reminders for the money side, to each contract's owner, as reminders of the one pipeline (sent by
 * the reminder job like any other):
 * - a signed or executing contract whose end date comes within the tenant's `contractEndReminderDays`;
 * - an installment due today that payments have not covered;
 * - an installment past its due date that payments have not covered.
 * Exactly once per occurrence, by dedupe key: `contract_end:<contract>:<end date>` (a new end date
 * is a new occurrence), `installment_due:<installment>` and `installment_overdue:<installment>`.
 */
export async function createMoneyReminders(input: { tenantId: Types.ObjectId; timezone: string; now: Date }): Promise<MoneyReminderSweep> {
  const { tenantId, timezone, now } = input;
  const settings = await getSalesSettings(tenantId);
  const today = todayIn(timezone, now);
  const horizon = DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: settings.contractEndReminderDays }).toISODate()!;
  const collecting = { $in: [...COLLECTING_STATUSES] };
  const fields = { number: 1, title: 1, ownerId: 1, customerId: 1, currency: 1, amount: 1, endDate: 1, installments: 1, payments: 1 };
  const [ending, owing] = await Promise.all([
    Contract.find({ tenantId, status: collecting, endDate: { $gte: today, $lte: horizon } }, fields).lean(),
    Contract.find({ tenantId, status: collecting, 'installments.dueDate': { $lte: today } }, fields).lean(),
  ]);
  const wanted: Wanted[] = [];
  for (const c of ending) {
    const days = Math.round(DateTime.fromISO(c.endDate!, { zone: 'UTC' }).diff(DateTime.fromISO(today, { zone: 'UTC' }), 'days').days);
    const outstanding = contractBalance(c, today).outstanding;
    wanted.push({
      origin: 'contract_end',
      dedupeKey: `contract_end:${String(c._id)}:${c.endDate}`,
      ownerId: c.ownerId,
      customerId: c.customerId,
      text:
        `合同 ${c.number}「${c.title}」将于 ${c.endDate} 到期（${days === 0 ? '今天' : `还有 ${days} 天`}）` +
        (outstanding > 0 ? `，未回款 ${formatMoney(outstanding, c.currency)}` : ''),
    });
  }
  for (const c of owing) {
    const plan = contractBalance(c, today).installments;
    plan.forEach((i, index) => {
      if (i.paid >= i.amount || i.dueDate > today) return;
      const unpaid = formatMoney(i.amount - i.paid, c.currency);
      const which = `第 ${index + 1} 期`;
      wanted.push(
        i.dueDate === today
          ? {
              origin: 'installment_due',
              dedupeKey: `installment_due:${i.id}`,
              ownerId: c.ownerId,
              customerId: c.customerId,
              text: `合同 ${c.number} ${which}今天应回款 ${unpaid}`,
            }
          : {
              origin: 'installment_overdue',
              dedupeKey: `installment_overdue:${i.id}`,
              ownerId: c.ownerId,
              customerId: c.customerId,
              text: `合同 ${c.number} ${which}回款逾期：${unpaid} 应于 ${i.dueDate} 到账`,
            },
      );
    });
  }
  if (wanted.length === 0) return { created: 0, existing: 0 };
  const owners = [...new Set(wanted.map((w) => String(w.ownerId)))];
  const active = new Set((await Staff.find({ tenantId, active: true, _id: { $in: owners } }, { _id: 1 }).lean()).map((s) => String(s._id)));
  const actor = systemActor(tenantId, 'job');
  const result: MoneyReminderSweep = { created: 0, existing: 0 };
  for (const w of wanted) {
    // A departed owner's contracts wait for reassignment; nobody would read the reminder.
    if (!active.has(String(w.ownerId))) continue;
    try {
      const reminder = await Reminder.create({
        tenantId,
        staffId: w.ownerId,
        customerId: w.customerId,
        dueAt: now,
        text: w.text,
        origin: w.origin,
        source: 'job',
        dedupeKey: w.dedupeKey,
      });
      await recordAudit(actor, { action: 'reminder.create', entity: 'reminder', entityId: reminder._id, before: null, after: reminder.toObject() });
      result.created++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      result.existing++;
    }
  }
  return result;
}
