import { todayIn } from '../calendar-date.js';
import { periodInstants, summarizeForecast } from '../deals/forecast-deals.js';
import { forecastPeriodContaining } from '../deals/forecast-period.js';
import type { DigestFacts } from './digest-facts.js';
import type { DigestTeam } from './digest-team.js';
import type { PipelineSummary } from './digest-types.js';
import type { Period } from './period.js';

const LOST_REASON_LIMIT = 5;

/**
 * The money side of a manager's digest, over the team's owners, in the tenant's currency: the
 * weighted forecast and commit of this month and quarter (as of `asOf`), deals won and lost in
 * the digest's period with the reasons, payments received in it and what is overdue now.
 * Null when the team has none of it, so a digest without money data reads as it always did.
 */
export async function pipelineSection(team: DigestTeam, facts: DigestFacts, period: Period, asOf: Date): Promise<PipelineSummary | null> {
  const tz = period.timezone;
  const today = todayIn(tz, asOf);
  const month = forecastPeriodContaining('month', today);
  const quarter = forecastPeriodContaining('quarter', today);
  const [settings, monthOpen, quarterOpen, monthClosed, quarterClosed, closed, payments, overdue] = await Promise.all([
    facts.salesSettings(),
    facts.openDeals(month),
    facts.openDeals(quarter),
    facts.closedDeals(periodInstants(month, tz)),
    facts.closedDeals(periodInstants(quarter, tz)),
    facts.closedDeals(period),
    facts.payments(todayIn(tz, period.start), todayIn(tz, period.end)),
    facts.overdueContracts(today),
  ]);
  const currency = settings.defaultCurrency;
  const keep = (ownerId: string) => team.memberIds.has(ownerId);
  const forecast = (p: typeof month, open: typeof monthOpen, closedRows: typeof monthClosed) => {
    const { total } = summarizeForecast({ period: p, currency, open, closed: closedRows, names: new Map(), keep });
    return { key: p.key, ...total };
  };
  const inTeam = closed.filter((d) => keep(d.ownerId) && d.currency === currency);
  const won = inTeam.filter((d) => d.won);
  const lost = inTeam.filter((d) => !d.won);
  const reasons = new Map<string, number>();
  for (const d of lost) reasons.set(d.lostReason ?? '未填原因', (reasons.get(d.lostReason ?? '未填原因') ?? 0) + 1);
  const paid = payments.filter((p) => keep(p.ownerId) && p.currency === currency);
  const late = overdue.filter((c) => keep(c.ownerId) && c.currency === currency);
  const summary: PipelineSummary = {
    currency,
    month: forecast(month, monthOpen, monthClosed),
    quarter: forecast(quarter, quarterOpen, quarterClosed),
    won: { count: won.length, amount: sum(won.map((d) => d.amount)) },
    lost: {
      count: lost.length,
      amount: sum(lost.map((d) => d.amount)),
      reasons: [...reasons.entries()]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason, 'zh-CN'))
        .slice(0, LOST_REASON_LIMIT),
    },
    paymentsReceived: { count: sum(paid.map((p) => p.payments)), amount: sum(paid.map((p) => p.amount)) },
    overdue: { contracts: late.length, amount: sum(late.map((c) => c.overdue)) },
  };
  const empty =
    summary.quarter.deals === 0 &&
    summary.quarter.wonDeals === 0 &&
    summary.won.count + summary.lost.count + summary.paymentsReceived.count + summary.overdue.contracts === 0;
  return empty ? null : summary;
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

