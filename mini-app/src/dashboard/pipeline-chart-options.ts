import type { ChartOption } from './chart-options.js';
import type { PipelineView } from './dashboard-types.js';

const palette = ['#2f6fed', '#39a0ff', '#5ccfe6', '#7bd88f', '#f5c04a', '#f08a5d', '#b85dd6'];

/** Minor units → a short figure people read on a chart (万 above ten thousand). */
export function shortMoney(minor: number, currency: string): string {
  const major = minor / 100;
  const sign = currency === 'CNY' ? '¥' : '';
  if (Math.abs(major) >= 10_000) return `${sign}${(major / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万`;
  return `${sign}${major.toLocaleString('zh-CN', { maximumFractionDigits: 0 })}`;
}

/** Open deals per stage by amount, in stage order (the widest stage need not be the first). */
export function pipelineFunnelOption(view: PipelineView): ChartOption {
  return {
    color: palette,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        name: 'pipeline',
        sort: 'none',
        left: '8%',
        width: '84%',
        minSize: '12%',
        label: { show: true, position: 'inside' },
        data: view.stages.map((s) => ({
          name: s.name,
          value: s.amount,
          label: { formatter: `${s.name} ${shortMoney(s.amount, view.currency)}（${s.deals}）` },
          tooltip: { formatter: `${s.name}：${shortMoney(s.amount, view.currency)}，${s.deals} 单，赢率 ${s.probability}%` },
        })),
      },
    ],
  };
}

/** This month and quarter: pipeline, weighted forecast, commit and won, side by side. */
export function forecastOption(view: PipelineView): ChartOption {
  const names: Record<string, string> = { month: '本月', quarter: '本季度' };
  const series = (
    [
      ['管道', 'pipeline'],
      ['加权预测', 'weighted'],
      ['承诺(≥70%)', 'commit'],
      ['已赢单', 'won'],
    ] as const
  ).map(([name, key]) => ({
    type: 'bar',
    name,
    data: view.forecast.map((f) => f[key]),
    label: { show: true, position: 'top', formatter: (p: { value: number }) => shortMoney(p.value, view.currency) },
  }));
  return {
    color: palette,
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: view.forecast.map((f) => `${names[f.unit] ?? f.unit} ${f.key}`) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => shortMoney(v, view.currency) } },
    series,
  };
}
