/**
 * The JSON of `GET /api/dashboard/pipeline`: the manager dashboard's pipeline panel. Pure types
 * with no imports, so the H5 page (mini-app/src/dashboard) can import them too. Amounts are integer
 * minor units of `currency`.
 */
export interface PipelineView {
  generatedAt: string;
  currency: string;
  /** Open deals of the team per open stage, in the tenant's stage order: the funnel by amount. */
  stages: PipelineStage[];
  /** This month and this quarter. */
  forecast: PipelineForecastBar[];
}

export interface PipelineStage {
  key: string;
  name: string;
  probability: number;
  deals: number;
  amount: number;
}

export interface PipelineForecastBar {
  unit: 'month' | 'quarter';
  /** 2026-11 or 2026-Q4. */
  key: string;
  pipeline: number;
  weighted: number;
  commit: number;
  won: number;
}
