import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { Deal } from '../models/deal.js';
import type { DealStageDefinition } from '../models/tenant.js';
import type { ForecastPeriod } from './forecast-period.js';

/** Deals at or above this probability are the commit: what the team says will close. */
export const COMMIT_PROBABILITY = 70;

/** Owners a query covers: listed staff, or the whole tenant. */
export type OwnerSelection = Types.ObjectId[] | 'all';

const owned = (owners: OwnerSelection) => (owners === 'all' ? {} : { ownerId: { $in: owners } });

/** One owner's raw sums in one currency; `amountTimesProbability` keeps the weighting exact until the end. */
export interface OwnerForecastRow {
  ownerId: string;
  currency: string;
  /** Open deals expected to close in the period. */
  deals: number;
  pipeline: number;
  amountTimesProbability: number;
  commit: number;
  commitDeals: number;
}

/**
 * Open deals (stage not closed) whose expected close date falls in the period, summed per owner
 * and currency. Index: deals {tenantId, stage, expectedCloseDate}.
 */
export async function openForecastRows(input: {
  tenantId: Types.ObjectId;
  owners: OwnerSelection;
  stages: DealStageDefinition[];
  period: Pick<ForecastPeriod, 'from' | 'to'>;
}): Promise<OwnerForecastRow[]> {
  const open = input.stages.filter((s) => !s.closed).map((s) => s.key);
  const committed = { $gte: ['$probability', COMMIT_PROBABILITY] };
  const rows = await Deal.aggregate<{
    _id: { ownerId: Types.ObjectId; currency: string };
    deals: number;
    pipeline: number;
    amountTimesProbability: number;
    commit: number;
    commitDeals: number;
  }>([
    {
      $match: {
        tenantId: input.tenantId,
        stage: { $in: open },
        expectedCloseDate: { $gte: input.period.from, $lt: input.period.to },
        deletedAt: null,
        ...owned(input.owners),
      },
    },
    {
      $group: {
        _id: { ownerId: '$ownerId', currency: '$currency' },
        deals: { $sum: 1 },
        pipeline: { $sum: '$amount' },
        amountTimesProbability: { $sum: { $multiply: ['$amount', '$probability'] } },
        commit: { $sum: { $cond: [committed, '$amount', 0] } },
        commitDeals: { $sum: { $cond: [committed, 1, 0] } },
      },
    },
  ]);
  return rows.map((r) => ({
    ownerId: String(r._id.ownerId),
    currency: r._id.currency,
    deals: r.deals,
    pipeline: r.pipeline,
    amountTimesProbability: r.amountTimesProbability,
    commit: r.commit,
    commitDeals: r.commitDeals,
  }));
}

export interface ClosedDealRow {
  id: string;
  ownerId: string;
  title: string;
  stage: string;
  won: boolean;
  amount: number;
  currency: string;
  lostReason: string | null;
  closedAt: Date;
}

/** Deals closed (won or lost) within [start, end), oldest first. Index: deals {tenantId, stage, closedAt}. */
export async function closedDealRows(input: {
  tenantId: Types.ObjectId;
  owners: OwnerSelection;
  stages: DealStageDefinition[];
  range: { start: Date; end: Date };
}): Promise<ClosedDealRow[]> {
  const closed = input.stages.filter((s) => s.closed);
  const won = new Set(closed.filter((s) => s.won).map((s) => s.key));
  const rows = await Deal.find(
    {
      tenantId: input.tenantId,
      stage: { $in: closed.map((s) => s.key) },
      closedAt: { $gte: input.range.start, $lt: input.range.end },
      deletedAt: null,
      ...owned(input.owners),
    },
    { ownerId: 1, title: 1, stage: 1, amount: 1, currency: 1, lostReason: 1, closedAt: 1 },
  )
    .sort({ closedAt: 1 })
    .lean();
  return rows.map((d) => ({
    id: String(d._id),
    ownerId: String(d.ownerId),
    title: d.title,
    stage: d.stage,
    won: won.has(d.stage),
    amount: d.amount,
    currency: d.currency,
    lostReason: d.lostReason ?? null,
    closedAt: d.closedAt!,
  }));
}

/** The instants a calendar period covers in a time zone. */
export function periodInstants(period: Pick<ForecastPeriod, 'from' | 'to'>, timezone: string): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(period.from, { zone: timezone }).toJSDate(),
    end: DateTime.fromISO(period.to, { zone: timezone }).toJSDate(),
  };
}

export interface ForecastFigures {
  /** Open deals expected to close in the period. */
  deals: number;
  /** Σ amount of those deals. */
  pipeline: number;
  /** Σ amount × probability, rounded half up to the minor unit once, at the end. */
  weighted: number;
  /** Σ amount of those with probability ≥ COMMIT_PROBABILITY. */
  commit: number;
  commitDeals: number;
  /** Deals won in the period and their amount. */
  wonDeals: number;
  won: number;
}

export interface OwnerForecast extends ForecastFigures {
  ownerId: string;
  name: string;
}

export interface DealForecast {
  period: ForecastPeriod;
  currency: string;
  total: ForecastFigures;
  /** Owners with anything in the period, highest weighted first. */
  byOwner: OwnerForecast[];
  /** Deals in other currencies, left out of the sums (amounts in two currencies do not add up). */
  otherCurrencyDeals: number;
}

const zero = (): ForecastFigures & { amountTimesProbability: number } => ({
  deals: 0,
  pipeline: 0,
  weighted: 0,
  commit: 0,
  commitDeals: 0,
  wonDeals: 0,
  won: 0,
  amountTimesProbability: 0,
});

/** Half up, exactly: Σ amount × probability is an integer number of hundredths of a minor unit. */
const hundredths = (n: number) => Math.floor((n + 50) / 100);

/** Sums the rows of the kept owners into a forecast in one currency. */
export function summarizeForecast(input: {
  period: ForecastPeriod;
  currency: string;
  open: OwnerForecastRow[];
  closed: ClosedDealRow[];
  names: ReadonlyMap<string, string>;
  keep?: (ownerId: string) => boolean;
}): DealForecast {
  const keep = input.keep ?? (() => true);
  const total = zero();
  const perOwner = new Map<string, ReturnType<typeof zero>>();
  const of = (ownerId: string) => perOwner.get(ownerId) ?? perOwner.set(ownerId, zero()).get(ownerId)!;
  let otherCurrencyDeals = 0;
  for (const row of input.open) {
    if (!keep(row.ownerId)) continue;
    if (row.currency !== input.currency) {
      otherCurrencyDeals += row.deals;
      continue;
    }
    for (const sums of [total, of(row.ownerId)]) {
      sums.deals += row.deals;
      sums.pipeline += row.pipeline;
      sums.amountTimesProbability += row.amountTimesProbability;
      sums.commit += row.commit;
      sums.commitDeals += row.commitDeals;
    }
  }
  for (const row of input.closed) {
    if (!row.won || !keep(row.ownerId)) continue;
    if (row.currency !== input.currency) {
      otherCurrencyDeals++;
      continue;
    }
    for (const sums of [total, of(row.ownerId)]) {
      sums.wonDeals++;
      sums.won += row.amount;
    }
  }
  const figures = ({ amountTimesProbability, ...rest }: ReturnType<typeof zero>): ForecastFigures => ({
    ...rest,
    weighted: hundredths(amountTimesProbability),
  });
  const byOwner = [...perOwner.entries()]
    .map(([ownerId, sums]) => ({ ownerId, name: input.names.get(ownerId) ?? '—', ...figures(sums) }))
    .sort((a, b) => b.weighted - a.weighted || b.won - a.won || a.name.localeCompare(b.name, 'zh-CN'));
  return { period: input.period, currency: input.currency, total: figures(total), byOwner, otherCurrencyDeals };
}
