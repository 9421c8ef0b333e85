import type { Types } from 'mongoose';
import { countFollowUpsByAuthor } from './queries/count-follow-ups-by-author.js';
import { countNewCustomers, type NewCustomerCount } from './queries/count-new-customers.js';
import { countStageFunnel, type StageCount } from './queries/count-stage-funnel.js';
import { listBreachedTickets, type BreachedTicket } from './queries/list-breached-tickets.js';
import { listOpenReminders, type OpenReminder } from './queries/list-open-reminders.js';
import { listOverdueCustomers, type OverdueCustomer } from './queries/list-overdue-customers.js';
import { listSilentCustomers, type SilentCustomer } from './queries/list-silent-customers.js';
import { listStageMoves, type StageMove } from './queries/list-stage-moves.js';
import type { StaffSelection, TimeRange } from './queries/owner-filter.js';
import { overdueContractRows, paymentSumRows, type OverdueContractRow, type PaymentSumRow } from '../contracts/contract-money-rows.js';
import { closedDealRows, openForecastRows, type ClosedDealRow, type OwnerForecastRow } from '../deals/forecast-deals.js';
import type { ForecastPeriod } from '../deals/forecast-period.js';
import { getSalesSettings, type SalesSettings } from '../deals/sales-settings.js';

/**
 * The aggregation queries a digest is built from. Results may cover more staff than one team
 * (a batch run reads the tenant once and every digest filters in memory), never fewer.
 */
export interface DigestFacts {
  followUpsByAuthor(range: TimeRange): Promise<Map<string, number>>;
  newCustomers(range: TimeRange): Promise<NewCustomerCount[]>;
  stageMoves(range: TimeRange): Promise<StageMove[]>;
  overdue(dueBefore: Date): Promise<OverdueCustomer[]>;
  silent(asOf: Date): Promise<SilentCustomer[]>;
  reminders(range: TimeRange): Promise<OpenReminder[]>;
  funnel(): Promise<StageCount[]>;
  /** The money side (deal stages, currency) the pipeline section reads. */
  salesSettings(): Promise<SalesSettings>;
  openDeals(period: ForecastPeriod): Promise<OwnerForecastRow[]>;
  closedDeals(range: TimeRange): Promise<ClosedDealRow[]>;
  /** Payments received on dates in [from, to). */
  payments(from: string, to: string): Promise<PaymentSumRow[]>;
  overdueContracts(today: string): Promise<OverdueContractRow[]>;
  /** Open service tickets past their SLA due time at the instant. */
  breachedTickets(asOf: Date): Promise<BreachedTicket[]>;
}

const rangeKey = (r: TimeRange) => `${r.start.getTime()}-${r.end.getTime()}`;

function memo<A extends unknown[], R>(fn: (...args: A) => Promise<R>, key: (...args: A) => string) {
  const cache = new Map<string, Promise<R>>();
  return (...args: A): Promise<R> => {
    const k = key(...args);
    let hit = cache.get(k);
    if (!hit) {
      hit = fn(...args);
      // A failed query is not remembered: the next digest tries again.
      hit.catch(() => cache.delete(k));
      cache.set(k, hit);
    }
    return hit;
  };
}

function factsFor(tenantId: Types.ObjectId, staff: StaffSelection, closedStages: string[]): DigestFacts {
  const salesSettings = memo(() => getSalesSettings(tenantId), () => 'sales');
  return {
    followUpsByAuthor: memo((r) => countFollowUpsByAuthor(tenantId, r, staff), rangeKey),
    newCustomers: memo((r) => countNewCustomers(tenantId, r, staff), rangeKey),
    stageMoves: memo((r) => listStageMoves(tenantId, r, staff), rangeKey),
    overdue: memo((d) => listOverdueCustomers(tenantId, d, staff, closedStages), (d) => String(d.getTime())),
    silent: memo((d) => listSilentCustomers(tenantId, d, staff, closedStages), (d) => String(d.getTime())),
    reminders: memo((r) => listOpenReminders(tenantId, r, staff), rangeKey),
    funnel: memo(() => countStageFunnel(tenantId, staff), () => 'funnel'),
    salesSettings,
    openDeals: memo(
      async (period) => openForecastRows({ tenantId, owners: staff, stages: (await salesSettings()).dealStages, period }),
      (p) => `${p.from}-${p.to}`,
    ),
    closedDeals: memo(async (range) => closedDealRows({ tenantId, owners: staff, stages: (await salesSettings()).dealStages, range }), rangeKey),
    payments: memo((from, to) => paymentSumRows({ tenantId, owners: staff, from, to }), (from, to) => `${from}-${to}`),
    overdueContracts: memo((today) => overdueContractRows({ tenantId, owners: staff, today }), (today) => today),
    breachedTickets: memo((asOf) => listBreachedTickets(tenantId, asOf, staff), (asOf) => String(asOf.getTime())),
  };
}

/** Queries limited to one team's members: one digest (preview, command, dashboard). */
export function teamFacts(tenantId: Types.ObjectId, memberIds: Iterable<Types.ObjectId>, closedStages: string[]): DigestFacts {
  return factsFor(tenantId, [...memberIds], closedStages);
}

/** Queries over the whole tenant, each run once and shared by every digest of a batch. */
export function tenantFacts(tenantId: Types.ObjectId, closedStages: string[]): DigestFacts {
  return factsFor(tenantId, 'all', closedStages);
}
