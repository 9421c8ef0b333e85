import { Types } from 'mongoose';
import { NotFound } from '../../errors.js';
import { Staff } from '../models/staff.js';
import { getTenant } from '../tenants/get-tenant.js';
import { buildDailyDigest } from './build-daily-digest.js';
import { buildMorningList } from './build-morning-list.js';
import { buildWeeklyDigest } from './build-weekly-digest.js';
import { teamFacts, type DigestFacts } from './digest-facts.js';
import { closedStageKeys } from './digest-helpers.js';
import { periodForOccurrence, type DigestKind } from './digest-schedule.js';
import { resolveDigestTeam, type RecipientStaff } from './digest-team.js';
import type { Digest } from './digest-types.js';
import { digestTenantOf, type DigestTenant } from './digest-tenant.js';
import type { Period } from './period.js';

export type { DigestTenant } from './digest-tenant.js';

export async function loadDigestTenant(tenantId: Types.ObjectId): Promise<DigestTenant> {
  return digestTenantOf(await getTenant(tenantId));
}

export interface BuildDigestInput {
  tenant: DigestTenant;
  recipient: RecipientStaff;
  kind: DigestKind;
  asOf: Date;
  /** Defaults to what a run at `asOf` reports on: today (daily, morning) or last week (weekly). */
  period?: Period;
  /** Shared tenant-wide queries of a batch run; by default queries are limited to the team. */
  facts?: DigestFacts;
  /** The tenant's staff, when a batch run has it already. */
  allStaff?: RecipientStaff[];
}

/** Builds one recipient's digest from aggregation queries, scoped by what the recipient may see. */
export async function buildDigest(input: BuildDigestInput): Promise<Digest> {
  const { tenant, recipient, kind, asOf } = input;
  const period = input.period ?? periodForOccurrence(kind, asOf, tenant.timezone);
  const team = await resolveDigestTeam(recipient, input.allStaff);
  if (kind === 'morning') return buildMorningList({ team, stages: tenant.stages, asOf, timezone: tenant.timezone });
  const facts = input.facts ?? teamFacts(tenant.tenantId, [...team.memberIds].map((id) => new Types.ObjectId(id)), closedStageKeys(tenant.stages));
  const build = kind === 'daily' ? buildDailyDigest : buildWeeklyDigest;
  return build({ team, stages: tenant.stages, period, asOf, facts });
}

export async function findRecipient(tenantId: Types.ObjectId, staffId: Types.ObjectId): Promise<RecipientStaff> {
  const staff = await Staff.findOne({ tenantId, _id: staffId }).lean<RecipientStaff>();
  if (!staff) throw new NotFound('staff member');
  return staff;
}
