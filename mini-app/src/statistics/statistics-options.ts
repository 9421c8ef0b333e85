import type { ChartOption } from '../dashboard/chart-options.js';
import type { DimensionRow, RepRow, SatisfactionView, StaffAssessment } from './statistics-api.js';

const yuan = (minor: number) => Math.round(minor) / 100;

/** Each rep's follow-ups and won amount beside their department's average member. */
export function repsVsDepartmentOption(reps: readonly RepRow[]): ChartOption {
  const names = reps.map((r) => r.name);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: names },
    yAxis: [
      { type: 'value', name: '跟进' },
      { type: 'value', name: '赢单(元)', splitLine: { show: false } },
    ],
    series: [
      { name: '跟进', type: 'bar', data: reps.map((r) => r.figures.followUps), itemStyle: { color: '#2f6fed' } },
      { name: '部门平均跟进', type: 'bar', data: reps.map((r) => r.departmentAverage?.followUps ?? 0), itemStyle: { color: '#a9c1ff' } },
      { name: '赢单金额', type: 'line', yAxisIndex: 1, data: reps.map((r) => yuan(r.figures.wonAmount)), itemStyle: { color: '#00b42a' } },
      { name: '部门平均赢单', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: reps.map((r) => yuan(r.departmentAverage?.wonAmount ?? 0)), itemStyle: { color: '#7bd88f' } },
    ],
  };
}

/** New customers and conversions per value of a dimension. */
export function dimensionOption(rows: readonly DimensionRow[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.value || '未填写') },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新客户', type: 'bar', data: rows.map((r) => r.newCustomers), itemStyle: { color: '#39a0ff' } },
      { name: '成交', type: 'bar', data: rows.map((r) => r.converted), itemStyle: { color: '#f5c04a' } },
    ],
  };
}

/** Each person's satisfaction average (1–5) beside their department's, as the classic comparison. */
export function satisfactionOption(rows: SatisfactionView['staffVsDepartment']): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value', min: 0, max: 5 },
    series: [
      { name: '满意度', type: 'bar', data: rows.map((r) => r.average), itemStyle: { color: '#2f6fed' } },
      { name: '部门平均', type: 'bar', data: rows.map((r) => r.departmentAverage), itemStyle: { color: '#a9c1ff' } },
    ],
  };
}

/** Each person's weighted total beside their department's average, against the base total. */
export function assessmentOption(view: StaffAssessment): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 72, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: view.people.map((p) => p.name) },
    yAxis: { type: 'value', min: 0 },
    series: [
      {
        name: '总分',
        type: 'bar',
        data: view.people.map((p) => p.total),
        itemStyle: { color: '#2f6fed' },
        markLine: { symbol: 'none', label: { formatter: `基准 ${view.baseTotal}` }, lineStyle: { color: '#c4302b', type: 'dashed' }, data: [{ yAxis: view.baseTotal }] },
      },
      { name: '部门平均', type: 'bar', data: view.people.map((p) => p.departmentAverage ?? 0), itemStyle: { color: '#a9c1ff' } },
    ],
  };
}
