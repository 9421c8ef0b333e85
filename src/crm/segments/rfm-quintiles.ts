/**
 * Quintile scores within a tenant. The four cut points of a metric are the values at the 20, 40,
 * 60 and 80 % ranks, taken from the worst end (fewest follow-ups, least money, most days since
 * contact): cut k is the value at rank ⌈n·k/5⌉ (1-based). A customer scores 1 plus the number of
 * cuts it is strictly better than, so five customers 1…5 score 1…5 and a crowd of equals (many
 * customers with no follow-up at all) all score 1 instead of being spread over the quintiles.
 * Stored per tenant, the cut points let one changed customer be rescored without the others.
 */
export interface RfmCutPoints {
  /** Days since last contact or purchase, descending cuts (fewer days is better). */
  r: number[];
  /** Follow-ups + contracts in the window, ascending cuts. */
  f: number[];
  /** Money in the window (minor units), ascending cuts. */
  m: number[];
}

export interface RfmMetrics {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

function cuts(values: number[], better: 'higher' | 'lower'): number[] {
  if (values.length === 0) return [];
  const worstFirst = [...values].sort((a, b) => (better === 'higher' ? a - b : b - a));
  return [1, 2, 3, 4].map((k) => worstFirst[Math.max(0, Math.ceil((values.length * k) / 5) - 1)]!);
}

export function rfmCutPoints(metrics: readonly RfmMetrics[]): RfmCutPoints {
  return {
    r: cuts(metrics.map((x) => x.recencyDays), 'lower'),
    f: cuts(metrics.map((x) => x.frequency), 'higher'),
    m: cuts(metrics.map((x) => x.monetary), 'higher'),
  };
}

export function rfmScores(metrics: RfmMetrics, cutPoints: RfmCutPoints): RfmScores {
  return {
    r: 1 + cutPoints.r.filter((c) => metrics.recencyDays < c).length,
    f: 1 + cutPoints.f.filter((c) => metrics.frequency > c).length,
    m: 1 + cutPoints.m.filter((c) => metrics.monetary > c).length,
  };
}
