import type { DashboardView } from './dashboard-types.js';

/**
 * ECharts options built from the dashboard payload. Pure functions (no DOM) so they can be
 * checked without a browser; the option type is kept loose to avoid importing all of ECharts' types.
 */
export type ChartOption = Record<string, unknown>;

const palette = ['#2f6fed', '#39a0ff', '#5ccfe6', '#7bd88f', '#f5c04a', '#f08a5d', '#b85dd6'];

export function funnelOption(view: DashboardView): ChartOption {
  const open = view.funnel.filter((s) => !s.closed);
  const won = view.funnel.filter((s) => s.won);
  const stages = [...open, ...won];
  return {
    color: palette,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        name: 'stages',
        sort: 'none',
        left: '8%',
        width: '84%',
        minSize: '12%',
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: stages.map((s) => ({ name: s.name, value: s.count })),
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

export function trendOption(view: DashboardView): ChartOption {
  return {
    color: palette,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: view.trend.map((w) => w.key.replace(/^\d{4}-/, '')) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: '跟进', data: view.trend.map((w) => w.followUps) },
      { type: 'line', name: '新客户', data: view.trend.map((w) => w.newCustomers) },
      { type: 'bar', name: '赢单', data: view.trend.map((w) => w.won), barMaxWidth: 14 },
    ],
  };
}
