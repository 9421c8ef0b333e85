import type { Types } from 'mongoose';
import type {
  ContactHistoryEntry,
  FollowRelation,
  FollowTag,
  RelationStatus,
  RemovedBy,
} from './external-contact-model.js';

/**
 * Pure rules that make contact processing order-independent. WeCom says its change callbacks may
 * arrive out of order or not at all, so every fact carries the time it became true and a fact
 * never overrides a newer one:
 *  - an "added" event applies only if strictly newer than the relation's current status;
 *  - a "removed" event applies if newer or equally new (a tie resolves to removed, whatever the
 *    order in which the two events are processed);
 *  - a WeCom read (snapshot) is the truth as of its fetch time, minus an allowance for the skew
 *    between our clock and WeCom's (event times are WeCom's CreateTime, in whole seconds);
 *  - a customer-side deletion stays, because WeCom keeps listing that one-way relation;
 *  - a deletion event older than a read that found the relation gone explains that absence.
 */
export const READ_CLOCK_SKEW_MS = 60_000;

/** The instant a read vouches for when compared with event times. */
export function readInstant(at: Date): Date {
  return new Date(at.getTime() - READ_CLOCK_SKEW_MS);
}

export interface RelationFact {
  userId: string;
  staffId?: Types.ObjectId | null;
  status: RelationStatus;
  removedBy?: RemovedBy;
  at: Date;
  state?: string;
}

export interface FollowUserSnapshot {
  userId: string;
  staffId?: Types.ObjectId | null;
  remark?: string;
  description?: string;
  remarkMobiles?: string[];
  remarkCorpName?: string;
  tags?: FollowTag[];
  addedAt?: Date | null;
  addWay?: number;
  operUserId?: string;
  state?: string;
}

export interface FollowSnapshot {
  /** When WeCom was read. */
  at: Date;
  followUsers: FollowUserSnapshot[];
  /** True when these are all of the contact's follow users (absent ones are gone). */
  complete: boolean;
}

export interface FollowChange {
  userId: string;
  fields: Record<string, { from: unknown; to: unknown }>;
}

export interface SnapshotOutcome {
  followUsers: FollowRelation[];
  /** Relations that became active through this snapshot (new, or re-added). */
  activated: FollowRelation[];
  /** Relations this (complete) snapshot found gone. */
  removed: FollowRelation[];
  changed: FollowChange[];
}

function newRelation(userId: string, status: RelationStatus, at: Date): FollowRelation {
  return {
    userId,
    staffId: null,
    status,
    removedBy: null,
    statusAt: at,
    remarkMobiles: [],
    tags: [],
    addedAt: null,
    syncedAt: null,
  };
}

export function applyRelationFact(current: FollowRelation[], fact: RelationFact): { followUsers: FollowRelation[]; applied: boolean } {
  const followUsers = current.map((f) => ({ ...f }));
  let relation = followUsers.find((f) => f.userId === fact.userId);
  let applied = false;
  if (!relation) {
    relation = newRelation(fact.userId, fact.status, fact.at);
    relation.removedBy = fact.status === 'removed' ? (fact.removedBy ?? 'staff') : null;
    if (fact.status === 'active') relation.addedAt = fact.at;
    followUsers.push(relation);
    applied = true;
  } else if (fact.status === 'active' ? fact.at > relation.statusAt : fact.at >= relation.statusAt) {
    relation.status = fact.status;
    relation.removedBy = fact.status === 'removed' ? (fact.removedBy ?? 'staff') : null;
    relation.statusAt = fact.at;
    applied = true;
  } else if (fact.status === 'removed' && relation.status === 'removed' && relation.removedBy === 'sync') {
    // A read found it gone first; the (older) event says who removed it.
    relation.removedBy = fact.removedBy ?? 'staff';
    applied = true;
  }
  if (fact.staffId && !relation.staffId) relation.staffId = fact.staffId;
  if (fact.state && !relation.state) relation.state = fact.state;
  return { followUsers, applied };
}

const PROFILE_FIELDS = ['remark', 'description', 'remarkMobiles', 'remarkCorpName', 'tags'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function applyFollowSnapshot(current: FollowRelation[], snapshot: FollowSnapshot): SnapshotOutcome {
  const followUsers = current.map((f) => ({ ...f }));
  const activated: FollowRelation[] = [];
  const removed: FollowRelation[] = [];
  const changed: FollowChange[] = [];
  const seen = new Set<string>();
  const at = readInstant(snapshot.at);

  for (const s of snapshot.followUsers) {
    seen.add(s.userId);
    let relation = followUsers.find((f) => f.userId === s.userId);
    if (!relation) {
      relation = newRelation(s.userId, 'active', at);
      followUsers.push(relation);
      activated.push(relation);
    } else if (relation.status === 'removed' && relation.removedBy !== 'customer' && at > relation.statusAt) {
      relation.status = 'active';
      relation.removedBy = null;
      relation.statusAt = at;
      activated.push(relation);
    }
    const before = { ...relation };
    const next = {
      remark: s.remark || undefined,
      description: s.description || undefined,
      remarkMobiles: [...new Set((s.remarkMobiles ?? []).filter(Boolean))],
      remarkCorpName: s.remarkCorpName || undefined,
      tags: s.tags ?? [],
    };
    const fields: FollowChange['fields'] = {};
    for (const key of PROFILE_FIELDS) {
      if (!sameValue(before[key], next[key])) fields[key] = { from: before[key] ?? null, to: next[key] ?? null };
    }
    Object.assign(relation, next);
    if (relation.syncedAt && Object.keys(fields).length > 0) changed.push({ userId: s.userId, fields });
    if (s.staffId) relation.staffId = s.staffId;
    if (s.addedAt) relation.addedAt = s.addedAt;
    if (s.addWay !== undefined) relation.addWay = s.addWay;
    if (s.operUserId) relation.operUserId = s.operUserId;
    if (s.state) relation.state = s.state;
    relation.syncedAt = snapshot.at;
  }

  if (snapshot.complete) {
    for (const relation of followUsers) {
      if (seen.has(relation.userId) || relation.status !== 'active' || !(at > relation.statusAt)) continue;
      relation.status = 'removed';
      relation.removedBy = 'sync';
      relation.statusAt = at;
      removed.push(relation);
    }
  }
  return { followUsers, activated, removed, changed };
}

export function contactStatusOf(followUsers: FollowRelation[]): RelationStatus {
  return followUsers.some((f) => f.status === 'active') ? 'active' : 'removed';
}

const HISTORY_LIMIT = 100;

/** Appends a pending timeline entry unless one with the same key exists; old recorded entries are pruned. */
export function appendHistory(history: ContactHistoryEntry[], entry: Omit<ContactHistoryEntry, 'recorded'>): ContactHistoryEntry[] {
  if (history.some((h) => h.key === entry.key)) return history;
  const next = [...history, { ...entry, recorded: false }];
  while (next.length > HISTORY_LIMIT) {
    const oldestRecorded = next.findIndex((h) => h.recorded);
    if (oldestRecorded < 0) break;
    next.splice(oldestRecorded, 1);
  }
  return next;
}

/** The relation that owns a new customer: the earliest active one a staff record backs. */
export function earliestActiveRelation(followUsers: FollowRelation[]): FollowRelation | undefined {
  return followUsers
    .filter((f) => f.status === 'active' && f.staffId)
    .sort((a, b) => (a.addedAt ?? a.statusAt).getTime() - (b.addedAt ?? b.statusAt).getTime() || a.userId.localeCompare(b.userId))[0];
}
