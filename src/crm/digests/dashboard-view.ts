/**
 * The JSON of `GET /api/dashboard`: what the manager dashboard page draws. Pure types with no
 * imports, so the H5 page (mini-app/src/dashboard) can import them too. Instants are ISO strings.
 */
export interface DashboardView {
  generatedAt: string;
  timezone: string;
  /** Whose customers are counted: a manager's departments, or the whole tenant for an admin. */
  scope: { departments: string[]; wholeTenant: boolean; staffCount: number };
  /** The week the per-rep numbers cover (Monday first, tenant time zone). */
  period: { key: string; start: string; end: string };
  /** Open and closed customers per stage, in the tenant's stage order. */
  funnel: DashboardFunnelStage[];
  /** Follow-ups logged this week per rep in scope (reps with none included), most first. */
  followUpsPerRep: DashboardRepCount[];
  teamAverage: number;
  /** The last 8 weeks, oldest first, the current (partial) week last. */
  trend: DashboardTrendWeek[];
  /** Open customers whose next follow-up is past, most overdue first (at most `overdueLimit`). */
  overdue: DashboardOverdueItem[];
  overdueTotal: number;
}

export interface DashboardFunnelStage {
  key: string;
  name: string;
  count: number;
  closed: boolean;
  won: boolean;
}

export interface DashboardRepCount {
  staffId: string;
  name: string;
  count: number;
}

export interface DashboardTrendWeek {
  key: string;
  start: string;
  followUps: number;
  newCustomers: number;
  won: number;
}

export interface DashboardOverdueItem {
  customerId: string;
  code: string;
  name: string;
  ownerId: string;
  ownerName: string;
  nextFollowUpAt: string;
  daysOverdue: number;
}
