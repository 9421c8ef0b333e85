/**
 * Which index each digest query is meant to use. The test server (mongo-java-server) accepts
 * indexes but scans collections, so this table is the design, checked against the declared
 * schema indexes by `npm run bench:digests` (and by `explain` when it runs against real MongoDB).
 *
 * "team" is one digest (preview, command, dashboard: filters by the team's staff ids);
 * "batch" is the scheduled run (one tenant-wide query per tenant and period, shared by every digest).
 */
export interface DigestQueryIndex {
  query: string;
  collection: string;
  filter: string;
  index: Record<string, 1 | -1>;
  /** Not declared on the model yet: proposed to the model's owner. */
  proposed?: boolean;
  note?: string;
}

export const DIGEST_QUERY_INDEXES: DigestQueryIndex[] = [
  {
    query: 'follow-ups per rep (batch)',
    collection: 'activities',
    filter: '{tenantId, type:"follow_up", at:[start,end)} → $group authorId',
    index: { tenantId: 1, type: 1, at: -1 },
  },
  {
    query: 'follow-ups per rep (team)',
    collection: 'activities',
    filter: '{tenantId, authorId:{$in:team}, at:[start,end), type}',
    index: { tenantId: 1, authorId: 1, at: -1 },
  },
  {
    query: 'stage moves (+ won)',
    collection: 'activities',
    filter: '{tenantId, type:"stage_changed", at:[start,end)} then customers by _id',
    index: { tenantId: 1, type: 1, at: -1 },
  },
  {
    query: 'new customers by source',
    collection: 'customers',
    filter: '{tenantId, deletedAt:null, createdAt:[start,end), ownerId?} → $group ownerId, source',
    index: { tenantId: 1, createdAt: -1 },
    note: 'a day of new customers is small; ownerId is filtered after the range scan',
  },
  {
    query: 'overdue follow-ups (team, morning list)',
    collection: 'customers',
    filter: '{tenantId, ownerId:{$in:team}, nextFollowUpAt:{$lt}, stage:{$nin:closed}} + $expr lastContactAt',
    index: { tenantId: 1, ownerId: 1, nextFollowUpAt: 1 },
  },
  {
    query: 'overdue follow-ups (batch)',
    collection: 'customers',
    filter: '{tenantId, nextFollowUpAt:{$lt}, stage:{$nin:closed}}',
    index: { tenantId: 1, nextFollowUpAt: 1 },
  },
  {
    query: 'silent past contact cycle',
    collection: 'customers',
    filter: '{tenantId, ownerId?, contactCycleDays:{$gt:0}, stage:{$nin:closed}} + computed lapse',
    index: { tenantId: 1, ownerId: 1, nextFollowUpAt: 1 },
    note: 'prefix only: the lapse is computed (lastContactAt + cycle), so only customers of the team are read',
  },
  {
    query: 'stage funnel (weekly, dashboard)',
    collection: 'customers',
    filter: '{tenantId, deletedAt:null, ownerId?} → $group ownerId, stage',
    index: { tenantId: 1, ownerId: 1, stage: 1 },
    note: 'covers the $group without reading documents',
  },
  {
    query: 'reminders due (tomorrow, morning list)',
    collection: 'reminders',
    filter: '{tenantId, staffId:{$in}, status:"open", dueAt:[start,end)}',
    index: { tenantId: 1, staffId: 1, status: 1, dueAt: 1 },
  },
  {
    query: 'reminders to deliver (every minute)',
    collection: 'reminders',
    filter: '{status:"open", notifiedAt:null, dueAt:[now−24h, minute end)}',
    index: { status: 1, notifiedAt: 1, dueAt: 1 },
  },
  {
    query: '8-week trend: follow-ups',
    collection: 'activities',
    filter: '{tenantId, type:"follow_up", authorId?, at:[8 weeks)} → $bucket at',
    index: { tenantId: 1, type: 1, at: -1 },
  },
  {
    query: '8-week trend: new customers',
    collection: 'customers',
    filter: '{tenantId, deletedAt:null, ownerId?, createdAt:[8 weeks)} → $bucket createdAt',
    index: { tenantId: 1, createdAt: -1 },
  },
  {
    query: 'runs already made this period',
    collection: 'digest_runs',
    filter: '{tenantId, periodKey:{$in}}',
    index: { tenantId: 1, periodKey: 1, kind: 1 },
  },
  {
    query: 'claim a run (exactly once)',
    collection: 'digest_runs',
    filter: 'insert; unique {tenantId, recipientId, kind, periodKey}',
    index: { tenantId: 1, recipientId: 1, kind: 1, periodKey: 1 },
  },
  {
    query: 'subscriptions of a tenant',
    collection: 'digest_subscriptions',
    filter: '{tenantId} (or {tenantId, recipientId:{$in}})',
    index: { tenantId: 1, recipientId: 1, kind: 1 },
  },
];
