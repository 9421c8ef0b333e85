// A tenant's history with a hidden rule that drives its outcomes (for bench:analytics and the
// prediction tests): each customer has a hidden "health"; unhealthy customers are contacted less
// and less before the churn horizon and then mostly go silent (churn); deals are won more often
// when small, closed quickly and with a healthy customer.
import { Types } from 'mongoose';
import { insertInBatches } from './bench-data.js';

const DAY = 86_400_000;
const OPEN_STAGES = ['initial', 'needs', 'proposal', 'negotiation'];

export interface AnalyticsDataOptions {
  tenantId: Types.ObjectId;
  ownerIds: Types.ObjectId[];
  customers: number;
  /** About this many activities in all (follow-ups, signed contracts). */
  activities: number;
  deals: number;
  now: Date;
  rand: () => number;
}

export interface AnalyticsData {
  customerIds: Types.ObjectId[];
  customers: number;
  activities: number;
  deals: number;
  contracts: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export async function generateAnalyticsTenant(o: AnalyticsDataOptions): Promise<AnalyticsData> {
  const { rand, now, tenantId } = o;
  const t = now.getTime();
  const t0 = t - 90 * DAY;
  const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  const perCustomer = o.activities / o.customers;
  const base = Math.max(1, perCustomer / 3.2);
  const count = (mean: number) => Math.max(0, Math.round(mean * (0.5 + rand())));
  const health: number[] = [];
  const customerIds: Types.ObjectId[] = [];
  const owners: Types.ObjectId[] = [];
  const followUps: Map<number, number[]> = new Map();
  for (let i = 0; i < o.customers; i++) {
    const h = normal();
    health.push(h);
    customerIds.push(new Types.ObjectId());
    owners.push(o.ownerIds[i % o.ownerIds.length]!);
    const times: number[] = [];
    const span = (from: number, to: number, n: number) => {
      for (let k = 0; k < n; k++) times.push(from + rand() * (to - from));
    };
    span(t0 - 365 * DAY, t0 - 180 * DAY, count(base));
    const old = count(base);
    span(t0 - 180 * DAY, t0 - 90 * DAY, old);
    // The hidden rule: cadence falls before the horizon for unhealthy customers …
    const recent = Math.round((old + 1) * Math.exp(0.9 * h) * (0.4 + 0.6 * rand()));
    span(t0 - 90 * DAY, t0 - 90 * DAY + 90 * DAY * (h < 0 ? 0.3 + 0.7 * rand() : 1), recent);
    // … and they mostly go silent after it.
    if (rand() >= sigmoid(-0.6 - 2 * h)) span(t0, t, Math.max(1, count(base)));
    times.sort((a, b) => a - b);
    followUps.set(i, times);
  }
  let activities = 0;
  activities += await insertInBatches('activities', function* () {
    for (let i = 0; i < o.customers; i++) {
      for (const at of followUps.get(i)!) {
        yield { tenantId, customerId: customerIds[i], type: 'follow_up', at: new Date(at), authorId: owners[i], source: 'api', content: '跟进', channel: 'phone', data: {}, dedupeKey: new Types.ObjectId().toHexString(), relayed: true };
      }
    }
  });
  await insertInBatches('customers', function* () {
    for (let i = 0; i < o.customers; i++) {
      const times = followUps.get(i)!;
      const name = `分析客户${i}`;
      yield {
        tenantId, _id: customerIds[i], code: `A${String(i).padStart(7, '0')}`, name, phones: [], tags: [], stage: 'contacted', ownerId: owners[i], collaboratorIds: [],
        customFields: {}, searchText: name.toLowerCase(), needsTransfer: false, deletedAt: null, mergedInto: null, rfm: null,
        lastContactAt: times.length ? new Date(times[times.length - 1]!) : null, createdAt: new Date(t0 - (400 + rand() * 400) * DAY), updatedAt: now,
      };
    }
  });
  const won: { customer: number; amount: number; closedAt: Date }[] = [];
  const deals = await insertInBatches('deals', function* () {
    for (let d = 0; d < o.deals; d++) {
      const c = Math.floor(rand() * o.customers);
      const closed = rand() < 0.8;
      const magnitude = 3 + rand() * 3; // 1,000 … 1,000,000 yuan
      const amount = Math.round(10 ** magnitude) * 100;
      const age = 5 + rand() * 115;
      const createdAt = closed ? t - (age + rand() * 250) * DAY : t - rand() * 120 * DAY;
      const closedAt = createdAt + age * DAY;
      const isWon = closed && rand() < sigmoid(0.2 - 1.6 * (magnitude - 4.5) - 0.035 * (age - 62) + 0.6 * health[c]!);
      if (isWon) won.push({ customer: c, amount, closedAt: new Date(closedAt) });
      yield {
        tenantId, customerId: customerIds[c], title: `商机${d}`, ownerId: owners[c], collaboratorIds: [], stage: closed ? (isWon ? 'won' : 'lost') : OPEN_STAGES[d % 4],
        probability: closed ? (isWon ? 100 : 0) : 30, probabilityOverridden: false, amount, currency: 'CNY', competitors: [], deletedAt: null,
        ...(closed ? { closedAt: new Date(closedAt) } : {}), createdAt: new Date(createdAt), updatedAt: now, version: 0,
      };
    }
  });
  const contracts = await insertInBatches('contracts', function* () {
    for (let k = 0; k < won.length; k++) {
      const w = won[k]!;
      yield {
        tenantId, number: `HT-A-${k}`, numberScope: 'HT-A-#', numberSeq: k + 1, customerId: customerIds[w.customer], title: `合同${k}`, ownerId: owners[w.customer],
        amount: w.amount, currency: 'CNY', signedDate: w.closedAt.toISOString().slice(0, 10), status: 'signed', installments: [], payments: [], createdAt: w.closedAt, updatedAt: now, version: 0,
      };
    }
  });
  return { customerIds, customers: o.customers, activities, deals, contracts };
}
