// One definition of the payload, shared with the server that builds it (type-only: nothing is bundled).
export type {
  DashboardView,
  DashboardFunnelStage,
  DashboardRepCount,
  DashboardTrendWeek,
  DashboardOverdueItem,
} from '../../../src/crm/digests/dashboard-view.js';
export type { PipelineView, PipelineStage, PipelineForecastBar } from '../../../src/crm/deals/pipeline-view.js';
