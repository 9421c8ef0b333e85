import type { DigestKind } from './digest-schedule.js';

/** The numbers of a digest: asserted by tests, returned by the preview API, turned into a neutral document each channel renders. */
export interface DigestPeriodView {
  key: string;
  start: string;
  end: string;
  timezone: string;
}

export interface DigestHeader {
  kind: DigestKind;
  recipient: { id: string; name: string };
  period: DigestPeriodView;
  /** The instant the digest describes ("as of"). */
  asOf: string;
  scope: { departments: string[]; wholeTenant: boolean; memberCount: number };
}

export interface RepFollowUps {
  staffId: string;
  name: string;
  count: number;
  /** count − team average, one decimal. */
  vsAverage: number;
}

export interface FollowUpStats {
  total: number;
  /** Follow-ups per rep (active salespeople, plus anyone else who logged one), one decimal. */
  teamAverage: number;
  reps: RepFollowUps[];
}

export interface NewCustomerStats {
  total: number;
  /** Most first; customers without a source are counted under source null. */
  bySource: { source: string | null; count: number }[];
}

export interface StageMoveItem {
  code: string;
  name: string;
  ownerName: string;
  from: string;
  to: string;
  won: boolean;
  at: string;
}

export interface StageMoveStats {
  total: number;
  won: number;
  /** Won deals first, then the rest, each oldest first (at most ITEM_LIMIT). */
  items: StageMoveItem[];
}

export interface OverdueItem {
  code: string;
  name: string;
  ownerName: string;
  nextFollowUpAt: string;
  daysOverdue: number;
}

export interface SilentItem {
  code: string;
  name: string;
  ownerName: string;
  contactCycleDays: number;
  daysSilent: number;
}

export interface ImportantUncontactedItem {
  code: string;
  name: string;
  ownerName: string;
  segment: string;
  /** Null when never contacted. */
  daysSilent: number | null;
}

export interface AtRiskImportantItem {
  code: string;
  name: string;
  ownerName: string;
  segment: string;
  probability: number;
  /** What raises the risk, in words. */
  reasons: string[];
  modelVersion: string;
}

export interface ReminderItem {
  staffName: string;
  customerName: string | null;
  text: string;
  dueAt: string;
}

export interface PipelineForecast {
  /** 2026-11 or 2026-Q4. */
  key: string;
  deals: number;
  pipeline: number;
  /** Σ amount × probability of open deals expected to close in the period. */
  weighted: number;
  /** Σ amount of those at ≥ 70 %. */
  commit: number;
  commitDeals: number;
  won: number;
  wonDeals: number;
}

/** The money side of a team digest; amounts are integer minor units of `currency`. */
export interface PipelineSummary {
  currency: string;
  month: PipelineForecast;
  quarter: PipelineForecast;
  /** Deals won and lost in the digest's period; the most given lost reasons first. */
  won: { count: number; amount: number };
  lost: { count: number; amount: number; reasons: { reason: string; count: number }[] };
  paymentsReceived: { count: number; amount: number };
  /** Unpaid installments past their due date, as of the digest. */
  overdue: { contracts: number; amount: number };
}

export interface TicketBreachItem {
  number: string;
  title: string;
  customerName: string | null;
  assigneeName: string;
  dueAt: string;
  hoursOverdue: number;
}

export interface DailyDigest extends DigestHeader {
  kind: 'daily';
  newCustomers: NewCustomerStats;
  followUps: FollowUpStats;
  stageMoves: StageMoveStats;
  overdue: { total: number; top: OverdueItem[] };
  silent: { total: number; top: SilentItem[] };
  remindersTomorrow: { total: number; items: ReminderItem[] };
  /** Only when the team has deals, contracts or payments to report. */
  pipeline?: PipelineSummary;
  /** 工单超时: the team's open tickets past their SLA as of the digest; only when there are some. */
  ticketBreaches?: { total: number; top: TicketBreachItem[] };
  /** 重要客户本月无人联系: only when there are some. */
  importantUncontacted?: { total: number; top: ImportantUncontactedItem[] };
  /** 流失风险高的重要客户: only when there are some. */
  atRiskImportant?: { total: number; top: AtRiskImportantItem[] };
}

export interface WeekOverWeek {
  current: number;
  previous: number;
  change: number;
}

export interface WeeklyDigest extends DigestHeader {
  kind: 'weekly';
  previousPeriod: DigestPeriodView;
  newCustomers: NewCustomerStats & { previous: number };
  followUps: FollowUpStats & { previous: number };
  stageMoves: StageMoveStats & { previousWon: number; previousTotal: number };
  compare: { newCustomers: WeekOverWeek; followUps: WeekOverWeek; won: WeekOverWeek; stageMoves: WeekOverWeek };
  /** Customers per stage now, in the tenant's stage order. */
  funnel: { key: string; name: string; count: number; closed: boolean; won: boolean }[];
  topReps: { staffId: string; name: string; followUps: number; won: number }[];
  overdue: { total: number; top: OverdueItem[] };
  silent: { total: number; top: SilentItem[] };
  /** Only when the team has deals, contracts or payments to report. */
  pipeline?: PipelineSummary;
  /** 重要客户本月无人联系: only when there are some. */
  importantUncontacted?: { total: number; top: ImportantUncontactedItem[] };
  /** 流失风险高的重要客户: only when there are some. */
  atRiskImportant?: { total: number; top: AtRiskImportantItem[] };
}

export interface MorningItem {
  type: 'follow_up' | 'reminder';
  customerCode: string | null;
  customerName: string | null;
  text: string | null;
  dueAt: string;
  overdue: boolean;
}

export interface MorningList extends DigestHeader {
  kind: 'morning';
  /** Overdue items first (most overdue first), then today's in time order. */
  items: MorningItem[];
  overdueCount: number;
  todayCount: number;
}

export type Digest = DailyDigest | WeeklyDigest | MorningList;
