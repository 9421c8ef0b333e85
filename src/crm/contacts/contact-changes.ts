import type { Types } from 'mongoose';
import {
  appendHistory,
  applyFollowSnapshot,
  applyRelationFact,
  contactStatusOf,
  readInstant,
  type FollowChange,
  type FollowUserSnapshot,
} from './contact-facts.js';
import type { ContactHistoryEntry, ContactType, FollowRelation, RemovedBy } from './external-contact-model.js';
import type { ContactDraft } from './mutate-contact.js';

/** The contact as WeCom describes it, in neutral terms (the channel translates). */
export interface ContactProfileInput {
  name?: string;
  avatar?: string;
  corpName?: string;
  corpFullName?: string;
  position?: string;
  type?: ContactType;
  gender?: number;
  unionid?: string;
}

/** One read of the contact from WeCom. */
export interface ContactRead {
  at: Date;
  profile: ContactProfileInput;
  followUsers: FollowUserSnapshot[];
  complete: boolean;
}

/** Who a platform user is in the CRM (resolved by the channel). */
export interface StaffLookup {
  staffId(userId: string): Types.ObjectId | null;
  name(userId: string): string;
}

export type ContactChange = (draft: ContactDraft) => boolean;

type NewEntry = Omit<ContactHistoryEntry, 'recorded'>;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
export const addedKey = (r: FollowRelation) => `added:${r.userId}:${seconds(r.addedAt ?? r.statusAt)}`;

function addedEntry(r: FollowRelation, staff: StaffLookup, extra: { half?: boolean } = {}): NewEntry {
  const parts = [`${staff.name(r.userId)} 添加了企业微信联系人`];
  if (extra.half) parts.push('（客户免验证添加）');
  if (r.state) parts.push(`，渠道：${r.state}`);
  return {
    key: addedKey(r),
    type: 'contact_added',
    at: r.addedAt ?? r.statusAt,
    userId: r.userId,
    staffId: r.staffId,
    content: parts.join(''),
    data: { platform: 'wecom', userId: r.userId, ...(r.state ? { state: r.state } : {}), ...(extra.half ? { half: true } : {}) },
  };
}

function applyProfile(draft: ContactDraft, read: ContactRead): void {
  // A read that knows nothing about the person (e.g. no relationship left) keeps what we had.
  if (Object.keys(read.profile).length === 0) return;
  if (draft.profileSyncedAt && draft.profileSyncedAt > read.at) return;
  const p = read.profile;
  if (p.name !== undefined) draft.name = p.name;
  for (const key of ['avatar', 'corpName', 'corpFullName', 'position', 'unionid'] as const) {
    draft[key] = p[key] || undefined;
  }
  if (p.type) draft.type = p.type;
  if (p.gender !== undefined) draft.gender = p.gender;
  draft.profileSyncedAt = read.at;
}

function withStaffIds(followUsers: FollowRelation[], staff: StaffLookup): FollowRelation[] {
  return followUsers.map((f) => (f.staffId ? f : { ...f, staffId: staff.staffId(f.userId) }));
}

/** Timeline entries for relations a read found new or gone. */
function entriesFromRead(activated: FollowRelation[], removed: FollowRelation[], staff: StaffLookup): NewEntry[] {
  const entries = activated.map((r) => addedEntry(r, staff));
  for (const r of removed) {
    entries.push({
      key: `sync-removed:${r.userId}:${seconds(r.statusAt)}`,
      type: 'contact_removed',
      at: r.statusAt,
      userId: r.userId,
      staffId: r.staffId,
      content: `${staff.name(r.userId)} 与该联系人已不再是好友（同步发现）`,
      data: { platform: 'wecom', userId: r.userId, removedBy: 'sync' },
    });
  }
  return entries;
}

function finish(draft: ContactDraft, before: string, entries: NewEntry[], staff: StaffLookup): boolean {
  draft.followUsers = withStaffIds(draft.followUsers, staff);
  draft.status = contactStatusOf(draft.followUsers);
  for (const entry of entries) draft.history = appendHistory(draft.history, { ...entry, staffId: entry.staffId ?? staff.staffId(entry.userId) });
  return JSON.stringify(draft) !== before;
}

function applyRead(draft: ContactDraft, read: ContactRead | undefined, staff: StaffLookup): { entries: NewEntry[]; changed: FollowChange[] } {
  if (!read) return { entries: [], changed: [] };
  applyProfile(draft, read);
  const outcome = applyFollowSnapshot(draft.followUsers, { at: read.at, followUsers: read.followUsers, complete: read.complete });
  draft.followUsers = outcome.followUsers;
  return { entries: entriesFromRead(outcome.activated, outcome.removed, staff), changed: outcome.changed };
}

export interface ContactEventBase {
  userId: string;
  at: Date;
  /** The inbox event's dedupe key: one timeline entry per event, however often it is processed. */
  eventKey: string;
  read?: ContactRead;
}

/** add_external_contact / add_half_external_contact. */
export function contactAdded(input: ContactEventBase & { state?: string; half: boolean }, staff: StaffLookup): ContactChange {
  return (draft) => {
    const before = JSON.stringify(draft);
    const fact = applyRelationFact(draft.followUsers, {
      userId: input.userId,
      status: 'active',
      at: input.at,
      ...(input.state ? { state: input.state } : {}),
    });
    draft.followUsers = fact.followUsers;
    const { entries } = applyRead(draft, input.read, staff);
    // The add happened, whatever became of the relation since: it belongs on the timeline.
    const relation = draft.followUsers.find((f) => f.userId === input.userId)!;
    entries.push(addedEntry({ ...relation, addedAt: relation.addedAt ?? input.at }, staff, { half: input.half }));
    return finish(draft, before, entries, staff);
  };
}

const FIELD_NAMES: Record<string, string> = { remark: '备注', description: '描述', remarkMobiles: '手机号', remarkCorpName: '公司', tags: '标签' };

function describeValue(key: string, value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '（空）';
  if (key === 'tags' && Array.isArray(value)) return value.map((t: { name?: string; tagId: string }) => t.name ?? t.tagId).join('、');
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}

/** edit_external_contact: the callback carries no diff, the read does. */
export function contactUpdated(input: ContactEventBase, staff: StaffLookup): ContactChange {
  return (draft) => {
    const before = JSON.stringify(draft);
    const { entries, changed } = applyRead(draft, input.read, staff);
    const mine = changed.find((c) => c.userId === input.userId);
    const details = mine
      ? Object.entries(mine.fields).map(([k, v]) => `${FIELD_NAMES[k] ?? k}：${describeValue(k, v.from)} → ${describeValue(k, v.to)}`)
      : [];
    entries.push({
      key: input.eventKey,
      type: 'contact_updated',
      at: input.at,
      userId: input.userId,
      staffId: null,
      content: `${staff.name(input.userId)} 更新了企业微信联系人信息${details.length ? `：${details.join('；')}` : ''}`,
      data: { platform: 'wecom', userId: input.userId, ...(mine ? { changes: mine.fields } : {}) },
    });
    return finish(draft, before, entries, staff);
  };
}

/** del_external_contact (staff deleted the customer, possibly by transfer) or del_follow_user (customer deleted staff). */
export function contactRemoved(
  input: ContactEventBase & { removedBy: Exclude<RemovedBy, 'sync'>; source?: string },
  staff: StaffLookup,
): ContactChange {
  return (draft) => {
    const before = JSON.stringify(draft);
    const fact = applyRelationFact(draft.followUsers, { userId: input.userId, status: 'removed', removedBy: input.removedBy, at: input.at });
    draft.followUsers = fact.followUsers;
    const { entries } = applyRead(draft, input.read, staff);
    const name = staff.name(input.userId);
    const content =
      input.removedBy === 'customer'
        ? `客户删除了 ${name}（单向好友）`
        : input.removedBy === 'transfer'
          ? `${name} 的企业微信联系人已通过在职继承转给其他成员`
          : `${name} 删除了企业微信联系人`;
    entries.push({
      key: input.eventKey,
      type: input.removedBy === 'customer' ? 'contact_staff_removed' : 'contact_removed',
      at: input.at,
      userId: input.userId,
      staffId: null,
      content,
      data: { platform: 'wecom', userId: input.userId, removedBy: input.removedBy, ...(input.source ? { source: input.source } : {}) },
    });
    return finish(draft, before, entries, staff);
  };
}

const FAIL_REASONS: Record<string, string> = { customer_refused: '客户拒绝', customer_limit_exceed: '接替成员的客户数已达上限' };

export function describeTransferFailure(reason?: string): string {
  return reason ? (FAIL_REASONS[reason] ?? reason) : '原因未知';
}

/** transfer_fail: UserID is the takeover member. */
export function transferFailed(input: ContactEventBase & { failReason?: string }, staff: StaffLookup): ContactChange {
  return (draft) => {
    const before = JSON.stringify(draft);
    const { entries } = applyRead(draft, input.read, staff);
    entries.push({
      key: input.eventKey,
      type: 'transfer_failed',
      at: input.at,
      userId: input.userId,
      staffId: null,
      content: `客户接替失败（接替成员 ${staff.name(input.userId)}）：${describeTransferFailure(input.failReason)}`,
      data: { platform: 'wecom', userId: input.userId, ...(input.failReason ? { failReason: input.failReason } : {}) },
    });
    return finish(draft, before, entries, staff);
  };
}

/** A read without a callback (full sync, or a re-fetch). */
export function contactRead(read: ContactRead, staff: StaffLookup): ContactChange {
  return (draft) => {
    const before = JSON.stringify(draft);
    const { entries } = applyRead(draft, read, staff);
    return finish(draft, before, entries, staff);
  };
}

/**
 * Relations a full sync did not see any more (the read of their staff member was complete).
 * `onRemoved` hears how many relations each application marks removed: the last call is the one
 * written (a retried change is applied again to a fresh read).
 */
export function relationsGone(userIds: Set<string>, since: Date, staff: StaffLookup, onRemoved?: (count: number) => void): ContactChange {
  const at = readInstant(since);
  return (draft) => {
    const before = JSON.stringify(draft);
    const removed: FollowRelation[] = [];
    for (const r of draft.followUsers) {
      if (!userIds.has(r.userId) || r.status !== 'active' || (r.syncedAt && r.syncedAt >= since) || !(at >= r.statusAt)) continue;
      r.status = 'removed';
      r.removedBy = 'sync';
      r.statusAt = at;
      removed.push(r);
    }
    onRemoved?.(removed.length);
    return finish(draft, before, entriesFromRead([], removed, staff), staff);
  };
}
