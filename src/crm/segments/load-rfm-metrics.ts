import type { Types } from 'mongoose';
import { todayIn } from '../calendar-date.js';
import { Activity } from '../models/activity.js';
import { Contract } from '../models/contract.js';
import { Customer } from '../models/customer.js';
import type { RfmMetrics } from './rfm-quintiles.js';

/** The RFM window: frequency and money count the last 365 days. */
export const RFM_WINDOW_DAYS = 365;
/** Contracts that stand: their amount is money the customer committed. */
const STANDING = ['signed', 'executing', 'completed'];
const DAY = 86_400_000;

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;

/**
 * R, F and M of a tenant's customers (or of the listed ones) as of `now`, in calendar days of the
 * tenant's time zone:
 * - recency: days since the last contact (`lastContactAt`) or purchase (a contract's signed date or
 *   a payment's received date), whichever is later; a customer with neither counts from its creation;
 * - frequency: follow-ups logged plus contracts signed in the window;
 * - monetary: amounts of standing contracts (signed, executing, completed) signed in the window,
 *   plus payments received in the window on contracts that do not stand (terminated, draft), so
 *   money actually paid is never lost and money of a standing contract is not counted twice.
 */
export async function loadRfmMetrics(
  tenantId: Types.ObjectId,
  now: Date,
  timezone: string,
  customerIds?: Types.ObjectId[],
): Promise<Map<string, RfmMetrics>> {
  const today = todayIn(timezone, now);
  const windowStart = new Date((dayNumber(today) - RFM_WINDOW_DAYS) * DAY).toISOString().slice(0, 10);
  const only = customerIds ? { _id: { $in: customerIds } } : {};
  const onlyCustomer = customerIds ? { customerId: { $in: customerIds } } : {};
  const [customers, followUps, contracts] = await Promise.all([
    Customer.find({ tenantId, deletedAt: null, ...only }, { lastContactAt: 1, createdAt: 1 }).lean<{ _id: Types.ObjectId; lastContactAt?: Date; createdAt?: Date }[]>(),
    Activity.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { tenantId, type: 'follow_up', at: { $gte: new Date(now.getTime() - RFM_WINDOW_DAYS * DAY), $lte: now }, ...onlyCustomer } },
      { $group: { _id: '$customerId', n: { $sum: 1 } } },
    ]),
    Contract.find({ tenantId, ...onlyCustomer }, { customerId: 1, status: 1, amount: 1, signedDate: 1, 'payments.receivedDate': 1, 'payments.amount': 1 }).lean(),
  ]);
  const rows = new Map<string, { last: string | null; frequency: number; monetary: number }>();
  for (const c of customers) {
    rows.set(String(c._id), { last: c.lastContactAt ? todayIn(timezone, c.lastContactAt) : null, frequency: 0, monetary: 0 });
  }
  for (const f of followUps) {
    const row = rows.get(String(f._id));
    if (row) row.frequency += f.n;
  }
  const later = (a: string | null, b: string) => (a === null || b > a ? b : a);
  for (const contract of contracts) {
    const row = rows.get(String(contract.customerId));
    if (!row) continue;
    const standing = STANDING.includes(contract.status);
    if (standing && contract.signedDate && contract.signedDate <= today) {
      row.last = later(row.last, contract.signedDate);
      if (contract.signedDate >= windowStart) {
        row.frequency += 1;
        row.monetary += contract.amount;
      }
    }
    for (const p of contract.payments ?? []) {
      if (p.receivedDate > today) continue;
      row.last = later(row.last, p.receivedDate);
      if (!standing && p.receivedDate >= windowStart) row.monetary += p.amount;
    }
  }
  const createdDay = new Map(customers.map((c) => [String(c._id), c.createdAt ? todayIn(timezone, c.createdAt) : today]));
  const result = new Map<string, RfmMetrics>();
  for (const [id, row] of rows) {
    const last = row.last ?? createdDay.get(id) ?? today;
    result.set(id, { recencyDays: Math.max(0, dayNumber(today) - dayNumber(last)), frequency: row.frequency, monetary: row.monetary });
  }
  return result;
}
