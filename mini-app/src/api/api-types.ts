/** Shapes of the REST API the sidebar reads (see src/http/routes). Only what the page uses. */

export interface StaffRef {
  id: string;
  name: string;
}

export interface Stage {
  key: string;
  name: string;
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
  createdAt: string;
  updatedAt: string;
}

export interface FollowUser {
  userId: string;
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
  nextFollowUpAt?: string | null;
}

/** What logging a follow-up answers: the new timeline entry and the customer as it now stands. */
export type LoggedFollowUp = Activity & { customer: Customer };

export interface NewFollowUp {
  content: string;
  channel?: string;
  nextFollowUpAt?: string | null;
}
