import type { DashboardView } from './dashboard-types.js';

/**
 * ECharts options built from the dashboard payload. Pure functions (no DOM) so they can be
 * checked without a browser; the option type is kept loose to avoid importing all of ECharts' types.
 */
export type ChartOption = Record<string, unknown>;

const palette = ['#2f6fed', '#39a0ff', '#5ccfe6', '#7bd88f', '#f5c04a', '#f08a5d', '#b85dd6'];

export interface FunnelStep {
  key: string;
  name: string;
  /** Customers in this stage now. */
  count: number;
  /** Customers in this stage or a later one (won included): how many got at least this far. */
  reached: number;
  /** reached(next) / reached(this), 0–100 rounded; null for the last step or when nobody got here. */
  conversionToNext: number | null;
}

export interface FunnelSummary {
  steps: FunnelStep[];
  /** Customers in closed, not-won stages (流失). */
  lost: number;
  /** lost / every customer counted, 0–100 rounded; null when there are none. */
  lostShare: number | null;
  /** won / (won + lost), 0–100 rounded; null when nothing is closed yet. */
  winRate: number | null;
}

const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 100) : null);

/**
 * The funnel read from today's stages: open stages in order, then won. A customer in a later stage
 * has passed the earlier ones, so "reached" counts are cumulative and the conversion between two
 * steps is reached(next) / reached(this). Lost customers left somewhere unknown: counted aside.
 */
export function funnelSummary(view: DashboardView): FunnelSummary {
  const ordered = [...view.funnel.filter((s) => !s.closed), ...view.funnel.filter((s) => s.won)];
  const reached = ordered.map((_, i) => ordered.slice(i).reduce((sum, s) => sum + s.count, 0));
  const steps = ordered.map((s, i) => ({
    key: s.key,
    name: s.name,
    count: s.count,
    reached: reached[i]!,
    conversionToNext: i + 1 < ordered.length ? percent(reached[i + 1]!, reached[i]!) : null,
  }));
  const lost = view.funnel.filter((s) => s.closed && !s.won).reduce((sum, s) => sum + s.count, 0);
  const won = view.funnel.filter((s) => s.won).reduce((sum, s) => sum + s.count, 0);
  const all = view.funnel.reduce((sum, s) => sum + s.count, 0);
  return { steps, lost, lostShare: percent(lost, all), winRate: percent(won, won + lost) };
}

export function funnelOption(view: DashboardView): ChartOption {
  return stagesFunnelOption(funnelSummary(view).steps);
}

/** Stages as a funnel of how many got at least this far (the dashboard's today, the statistics' period). */
export function stagesFunnelOption(steps: readonly { name: string; reached: number }[]): ChartOption {
  return {
    color: palette,
    tooltip: { trigger: 'item', formatter: '{b}：累计到达 {c}' },
    series: [
      {
        type: 'funnel',
        name: 'stages',
        sort: 'none',
        top: 8,
        bottom: 8,
        left: '8%',
        width: '84%',
        minSize: '12%',
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: steps.map((s) => ({ name: s.name, value: s.reached })),
      },
    ],
  };
}

export function followUpsPerRepOption(view: DashboardView): ChartOption {
  const reps = [...view.followUpsPerRep].reverse(); // horizontal bars draw bottom-up: most on top
  return {
    color: palette,
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: reps.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        name: '跟进',
        data: reps.map((r) => r.count),
        label: { show: true, position: 'right' },
        markLine: {
          symbol: 'none',
          label: { formatter: '团队平均 {c}' },
          data: [{ xAxis: view.teamAverage }],
        },
      },
    ],
  };
}

/** The label of the trend's last week when it is the current, unfinished one. */
export const CURRENT_WEEK_LABEL = '本周至今';

/** Whether the trend's last week is the week still running (it is, unless the view was built for a past instant). */
export function trendEndsInCurrentWeek(view: DashboardView): boolean {
  return view.trend[view.trend.length - 1]?.key === view.period.key;
}

/**
 * 8 weeks of follow-ups, new customers and won deals. The current week is only partly over, so it
 * is labelled "本周至今" and drawn apart (dashed line segment, faded bar): a Wednesday is not a collapse.
 */
export function trendOption(view: DashboardView, options: { narrow?: boolean } = {}): ChartOption {
  const partial = trendEndsInCurrentWeek(view);
  const last = view.trend.length - 1;
  const labels = view.trend.map((w, i) => (partial && i === last ? CURRENT_WEEK_LABEL : w.key.replace(/^\d{4}-/, '')));
  const lines = [
    { name: '跟进', color: palette[0]!, values: view.trend.map((w) => w.followUps) },
    { name: '新客户', color: palette[1]!, values: view.trend.map((w) => w.newCustomers) },
  ];
  const series: Record<string, unknown>[] = [];
  for (const line of lines) {
    // Solid up to the last full week; the step into the current week is dashed (same name: one legend entry).
    series.push({
      type: 'line',
      name: line.name,
      color: line.color,
      data: partial ? line.values.map((v, i) => (i === last ? null : v)) : line.values,
    });
    if (partial) {
      series.push({
        type: 'line',
        name: line.name,
        color: line.color,
        lineStyle: { type: 'dashed' },
        itemStyle: { borderType: 'dashed' },
        symbol: 'emptyCircle',
        data: line.values.map((v, i) => (i >= last - 1 ? v : null)),
      });
    }
  }
  const wonColor = palette[3]!;
  series.push({
    type: 'bar',
    name: '赢单',
    color: wonColor,
    barMaxWidth: 14,
    data: view.trend.map((w, i) =>
      partial && i === last
        ? { value: w.won, itemStyle: { opacity: 0.45, borderType: 'dashed', borderColor: wonColor, borderWidth: 1 } }
        : w.won,
    ),
  });
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['跟进', '新客户', '赢单'] },
    // A narrow screen labels every other week, counted back from the last, so "本周至今" always shows.
    xAxis: { type: 'category', data: labels, axisLabel: { interval: options.narrow ? (i: number) => (last - i) % 2 === 0 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}
