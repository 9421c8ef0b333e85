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
    customFields: async () => (await http.get<{ items: FieldDefinition[] }>('/api/custom-fields')).items.filter((f) => !f.archived),
    csv: (path: string) => fetchBlob(tokens, path),
    periodQuery: period,
  };
}
