/** Shapes of the REST API the sidebar reads (see src/http/routes). Only what the page uses. */

export interface StaffRef {
  id: string;
  name: string;
}

export interface Stage {
  key: string;
  name: string;
  /** The English name from the settings, if any. */
  nameEn?: string | null;
  closed?: boolean;
  won?: boolean;
}

export interface Me {
  staff: { id: string; userId: string; name: string; role: 'sales' | 'manager' | 'admin'; departments: unknown[] };
  tenant: { id: string; name: string; timezone: string; stages: Stage[] };
}

export interface Customer {
  id: string;
  code: string;
  name: string;
  company?: string | null;
  phones: string[];
  email?: string | null;
  source?: string | null;
  industry?: string | null;
  stage: string;
  level?: string | null;
  tags: string[];
  owner: StaffRef;
  collaborators: StaffRef[];
  contactCycleDays?: number | null;
  nextFollowUpAt?: string | null;
  lastContactAt?: string | null;
  /** RFM scores and segment; null until the tenant's first scoring. */
  rfm?: { r: number; f: number; m: number; segment: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Values by custom field key (GET /api/custom-fields says what each is). */
  customFields?: Record<string, unknown>;
  /** The client asked not to get promotions (不接受营销) / surveys (不接受调查). */
  doNotMarket?: boolean;
  doNotSurvey?: boolean;
  /** Only in the answer to a create: visible customers that look like the new one. */
  possibleDuplicates?: { id: string; code: string; name: string; company: string | null; reasons: string[] }[];
}

export interface FollowTag {
  tagId: string;
  name: string;
  groupName?: string;
  /** 1 corp, 2 personal, 3 rule-based. */
  type?: number;
}

export interface FollowUser {
  userId: string;
  tags?: FollowTag[];
  staffId?: string;
  staffName?: string;
  remark?: string;
  description?: string;
  addedAt?: string;
  state?: string;
  status: string;
}

export interface ExternalContact {
  externalUserId: string;
  name: string;
  avatar?: string | null;
  corpName?: string | null;
  type: number | string;
  unionid?: string;
  status: string;
  followUsers: FollowUser[];
}

export type CandidateReason = 'unionid' | 'phone' | 'name';

export interface ContactView {
  contact: ExternalContact;
  customer: Customer | null;
  candidates: { customer: Customer; reason: CandidateReason }[];
  /** The bound customer's open service tickets (absent from older servers). */
  openTickets?: OpenTicket[];
}

/** An open service ticket as the top of the card shows it. */
export interface OpenTicket {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string;
  overdue: boolean;
}

export interface Activity {
  id: string;
  type: string;
  at: string;
  author: StaffRef | null;
  source: string;
  content?: string | null;
  channel?: string | null;
  data: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Reminder {
  id: string;
  customerId?: string | null;
  customerName?: string | null;
  dueAt: string;
  text: string;
  status: string;
}

export interface SignatureData {
  timestamp: number | string;
  nonceStr: string;
  signature: string;
}

export interface JssdkConfig {
  corpId: string;
  agentId: string | number;
  config: SignatureData;
  agentConfig: SignatureData;
}

export interface CustomerPatch {
  stage?: string;
  tags?: string[];
  level?: string | null;
  phones?: string[];
  nextFollowUpAt?: string | null;
  /** Custom field values by key; null removes one. */
  customFields?: Record<string, unknown>;
  doNotMarket?: boolean;
  doNotSurvey?: boolean;
}

/** What logging a follow-up answers: the new timeline entry and the customer as it now stands. */
export type LoggedFollowUp = Activity & { customer: Customer };

export interface NewFollowUp {
  content: string;
  channel?: string;
  /** A time; or, instead, `nextFollowUp`: one contact cycle on, or explicitly none. */
  nextFollowUpAt?: string | null;
  nextFollowUp?: 'cycle' | 'none';
  /** Same id on a retry: the server logs it once. */
  requestId?: string;
}

export interface CorpTagGroup {
  groupId: string;
  groupName: string;
  tags: { tagId: string; name: string }[];
}

export interface DealStage {
  key: string;
  name: string;
  probability: number;
  closed: boolean;
  won: boolean;
}

export interface SalesSettings {
  dealStages: DealStage[];
  defaultCurrency: string;
}

export interface Deal {
  id: string;
  title: string;
  owner: StaffRef;
  stage: string;
  probability: number;
  amount: number;
  currency: string;
  expectedCloseDate: string | null;
  nextStep: string | null;
  version: number;
}

export interface NewDeal {
  customerId: string;
  title: string;
  amount: number;
  currency?: string;
  stage?: string;
  expectedCloseDate?: string;
}

export interface Quote {
  id: string;
  dealId: string;
  revision: number;
  currency: string;
  total: number;
  validUntil: string;
  status: string;
  createdBy: string | null;
}

export interface Installment {
  id: string;
  dueDate: string;
  amount: number;
  paid: number;
  status: 'paid' | 'partial' | 'due' | 'overdue';
}

export interface Contract {
  id: string;
  number: string;
  title: string;
  amount: number;
  currency: string;
  status: string;
  endDate: string | null;
  balance: { amount: number; paid: number; outstanding: number; overdue: number; installments: Installment[] };
}

export interface CustomFieldDefinition {
  key: string;
  label: { zh: string; en: string };
  type: 'single' | 'multi' | 'text' | 'number' | 'date' | 'phone' | 'boolean';
  options: { value: string; label: { zh: string; en: string }; archived: boolean }[];
  required: boolean;
  order: number;
  segmentation: boolean;
  archived: boolean;
}

/** A survey template as the sidebar lists it (the current version). */
export interface SurveyTemplateSummary {
  key: string;
  name: string;
  kind: string;
  version: number;
  active: boolean;
}

/** A survey invitation: `url` is the signed, single-use link for the client. */
export interface SurveyInvitation {
  id: string;
  customerId: string;
  templateKey: string;
  templateVersion: number;
  expiresAt: string;
  url: string;
}

/** GET /api/predictions/customers/:id: churn risk now, its reasons in words and the model version. */
export interface ChurnRisk {
  probability: number;
  level: string;
  reasons: { text: string; effect: 'up' | 'down' }[];
  modelVersion: string;
  prior: boolean;
}
