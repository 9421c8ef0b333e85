import type { Types } from 'mongoose';
import type { CustomerDoc, CustomerRecord } from '../models/customer.js';
import { Staff } from '../models/staff.js';

export interface StaffRef {
  id: string;
  name: string;
}

/** The customer as every client (REST, sidebar, commands) sees it. */
export interface CustomerView {
  id: string;
  code: string;
  name: string;
  company: string | null;
  phones: string[];
  email: string | null;
  source: string | null;
  industry: string | null;
  stage: string;
  level: string | null;
  tags: string[];
  owner: StaffRef;
  collaborators: StaffRef[];
  contactCycleDays: number | null;
  nextFollowUpAt: string | null;
  lastContactAt: string | null;
  customFields: Record<string, unknown>;
  needsTransfer: boolean;
  doNotMarket: boolean;
  doNotSurvey: boolean;
  /** RFM scores 1–5 and segment (src/crm/segments); null until first scored. */
  rfm: { r: number; f: number; m: number; segment: string } | null;
  createdAt: string;
  updatedAt: string;
}

type CustomerLike = (CustomerDoc | (CustomerRecord & { _id: Types.ObjectId })) & {
  createdAt?: Date;
  updatedAt?: Date;
};

export async function staffNames(tenantId: Types.ObjectId, ids: Types.ObjectId[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map(String))];
  if (unique.length === 0) return new Map();
  const rows = await Staff.find({ tenantId, _id: { $in: unique } }, { name: 1 }).lean();
  return new Map(rows.map((r) => [String(r._id), r.name]));
}

export async function toCustomerViews(customers: CustomerLike[]): Promise<CustomerView[]> {
  const tenantId = customers[0]?.tenantId;
  const names = tenantId ? await staffNames(tenantId, customers.flatMap((c) => [c.ownerId, ...(c.collaboratorIds ?? [])])) : new Map<string, string>();
  const ref = (id: Types.ObjectId): StaffRef => ({ id: String(id), name: names.get(String(id)) ?? '?' });
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return customers.map((c) => ({
    id: String(c._id),
    code: c.code,
    name: c.name,
    company: c.company ?? null,
    phones: [...(c.phones ?? [])],
    email: c.email ?? null,
    source: c.source ?? null,
    industry: c.industry ?? null,
    stage: c.stage,
    level: c.level ?? null,
    tags: [...(c.tags ?? [])],
    owner: ref(c.ownerId),
    collaborators: (c.collaboratorIds ?? []).map(ref),
    contactCycleDays: c.contactCycleDays ?? null,
    nextFollowUpAt: iso(c.nextFollowUpAt),
    lastContactAt: iso(c.lastContactAt),
    customFields: (c.customFields as Record<string, unknown> | undefined) ?? {},
    needsTransfer: Boolean(c.needsTransfer),
    doNotMarket: Boolean(c.doNotMarket),
    doNotSurvey: Boolean(c.doNotSurvey),
    rfm: c.rfm ? { r: c.rfm.r, f: c.rfm.f, m: c.rfm.m, segment: c.rfm.segment } : null,
    createdAt: iso(c.createdAt) ?? '',
    updatedAt: iso(c.updatedAt) ?? '',
  }));
}

export async function toCustomerView(customer: CustomerLike): Promise<CustomerView> {
  const [view] = await toCustomerViews([customer]);
  return view!;
}
