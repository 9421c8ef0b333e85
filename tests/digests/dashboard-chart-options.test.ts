import { expect, test } from 'vitest';
import { funnelSummary, trendOption } from '../../mini-app/src/dashboard/chart-options.js';
import type { DashboardView } from '../../src/crm/digests/dashboard-view.js';

const stage = (key: string, name: string, count: number, closed = false, won = false) => ({ key, name, count, closed, won });

function view(overrides: Partial<DashboardView> = {}): DashboardView {
  return {
    generatedAt: '2026-12-02T04:00:00.000Z',
    timezone: 'Asia/Shanghai',
    scope: { departments: ['华东'], wholeTenant: false, staffCount: 3 },
    period: { key: '2026-W49', start: '2026-11-29T16:00:00.000Z', end: '2026-12-06T16:00:00.000Z' },
    funnel: [stage('lead', '潜在', 10), stage('intent', '意向', 5), stage('negotiating', '谈判', 3), stage('won', '成交', 2, true, true), stage('lost', '流失', 4, true)],
    followUpsPerRep: [],
    teamAverage: 0,
    trend: ['W42', 'W43', 'W44', 'W45', 'W46', 'W47', 'W48', 'W49'].map((w, i) => ({ key: `2026-${w}`, start: '', followUps: 10 + i, newCustomers: i, won: 1 })),
    overdue: [],
    overdueTotal: 0,
    ...overrides,
  };
}

test('the funnel counts who got at least this far, converts stage to stage, and sets 流失 aside', () => {
  const s = funnelSummary(view());
  expect(s.steps.map((x) => [x.name, x.count, x.reached, x.conversionToNext])).toEqual([
    ['潜在', 10, 20, 50],
    ['意向', 5, 10, 50],
    ['谈判', 3, 5, 40],
    ['成交', 2, 2, null],
  ]);
  expect(s).toMatchObject({ lost: 4, lostShare: 17, winRate: 33 });
  const empty = funnelSummary(view({ funnel: view().funnel.map((f) => ({ ...f, count: 0 })) }));
  expect(empty.steps[0]!.conversionToNext).toBeNull();
  expect(empty).toMatchObject({ lost: 0, lostShare: null, winRate: null });
});

test('the running week is labelled 本周至今 and drawn dashed; a past week is not', () => {
  const option = trendOption(view()) as { xAxis: { data: string[] }; series: Array<{ name: string; lineStyle?: { type: string }; data: unknown[] }> };
  expect(option.xAxis.data.at(-1)).toBe('本周至今');
  const dashed = option.series.filter((s) => s.lineStyle?.type === 'dashed');
  expect(dashed.map((s) => s.name)).toEqual(['跟进', '新客户']);
  expect(dashed[0]!.data).toEqual([null, null, null, null, null, null, 16, 17]);
  const solid = option.series.find((s) => s.name === '跟进' && !s.lineStyle)!;
  expect(solid.data.at(-1)).toBeNull();

  const past = trendOption(view({ period: { key: '2026-W50', start: '', end: '' } })) as typeof option;
  expect(past.xAxis.data.at(-1)).toBe('W49');
  expect(past.series.some((s) => s.lineStyle?.type === 'dashed')).toBe(false);
});
