import { createHttpClient, fetchBlob } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

export interface RepFigures {
  followUps: number;
  newCustomers: number;
  converted: number;
  dealsWon: number;
  wonAmount: number;
  paymentAmount: number;
}
export interface RepRow {
  staffId: string;
  name: string;
  departments: string[];
  figures: RepFigures;
  target: { wonAmount: number; followUps: number } | null;
  departmentAverage: RepFigures | null;
}
export interface RepStatistics {
  from: string;
  to: string;
  reps: RepRow[];
}
export interface DimensionRow {
  value: string;
  newCustomers: number;
  converted: number;
  conversionRate: number | null;
}
export interface SatisfactionView {
  overall: { responses: number; average: number | null; nps: number | null };
  staffVsDepartment: {
    staffId: string;
    name: string;
    department: string;
    average: number | null;
    nps: number | null;
    responses: number;
    departmentAverage: number | null;
    difference: number | null;
  }[];
  trend: { weekStart: string; average: number | null; nps: number | null; responses: number }[];
}
export interface FunnelStage {
  key: string;
  name: string;
  reached: number;
  conversion: number | null;
  medianDays: number | null;
  stays: number;
}
export interface FunnelStatistics {
  from: string;
  to: string;
  stages: FunnelStage[];
}
export const KPI_METRICS: [string, string][] = [
  ['followUps', '跟进次数'],
  ['newCustomers', '新客户'],
  ['stageMoves', '阶段推进'],
  ['converted', '成交客户'],
  ['dealsWon', '赢单数'],
  ['wonAmount', '赢单金额(元)'],
  ['contractsSigned', '签约数'],
  ['contractAmount', '签约金额(元)'],
  ['paymentAmount', '回款(元)'],
  ['satisfaction', '满意度(1–5)'],
];
/** Amount metrics count 分 (shown and edited in 元). */
export const MONEY_KPI_METRICS: readonly string[] = ['wonAmount', 'contractAmount', 'paymentAmount'];
export interface Kpi {
  name: string;
  category: string;
  metric: string;
  target: number;
  weight: number;
  baseScore: number;
}
export interface StaffAssessment {
  period: string;
  scoreCap: number;
  kpis: Kpi[];
  baseTotal: number;
  people: {
    staffId: string;
    name: string;
    departments: string[];
    kpis: { name: string; metric: string; actual: number; score: number; passed: boolean }[];
    total: number;
    difference: number;
    passed: boolean;
    departmentAverage: number | null;
  }[];
}
export interface FieldDefinition {
  key: string;
  label: { zh: string; en: string };
  archived: boolean;
}

/** The statistics page signs in like the dashboard; tables come down as CSV for Excel. */
export function createStatisticsApi(href: string) {
  const platform = selectPlatform(readLaunchParams(href));
  const tokens = createSession(platform);
  const http = createHttpClient({ tokens, isOffline: () => platform.isOffline() });
  const period = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return {
    reps: (from: string, to: string) => http.get<RepStatistics>(`/api/stats/reps?${period(from, to)}`),
    byDimension: (dimension: string, from: string, to: string) =>
      http.get<{ rows: DimensionRow[] }>(`/api/stats/customers?dimension=${encodeURIComponent(dimension)}&${period(from, to)}`),
    satisfaction: (from: string, to: string) => http.get<SatisfactionView>(`/api/surveys/analysis?groupBy=staff&${period(from, to)}`),
    funnel: (from: string, to: string) => http.get<FunnelStatistics>(`/api/stats/funnel?${period(from, to)}`),
    assessment: (month: string) => http.get<StaffAssessment>(`/api/stats/assessment?period=${encodeURIComponent(month)}`),
    kpis: async () => (await http.get<{ items: Kpi[] }>('/api/admin/assessment/kpis')).items,
    saveKpis: async (kpis: Kpi[]) => (await http.put<{ items: Kpi[] }>('/api/admin/assessment/kpis', { kpis })).items,
    customFields: async () => (await http.get<{ items: FieldDefinition[] }>('/api/custom-fields')).items.filter((f) => !f.archived),
    csv: (path: string) => fetchBlob(tokens, path),
    periodQuery: period,
  };
}
