import type { Types } from 'mongoose';
import { contactRead, relationsGone, type ContactRead } from '../../../crm/contacts/contact-changes.js';
import { readInstant } from '../../../crm/contacts/contact-facts.js';
import { ExternalContact } from '../../../crm/contacts/external-contact-model.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import { corpTagNames, syncCorpTags } from '../../../crm/contacts/sync-corp-tags.js';
import { WecomRateLimitError } from '../api/api-errors.js';
import type { BatchContactItem } from '../api/api-schemas.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';
import { corpTagsFromWecom, followInfoFromWecom, profileFromWecom } from '../read-contact-from-wecom.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';

export interface SyncProgress {
  phase: 'tags' | 'staff' | 'contacts' | 'cleanup' | 'done';
  staff: number;
  pages: number;
  /** Distinct contacts read so far. */
  contacts: number;
  /** (contact, staff) relations read so far. */
  relations: number;
  /** Relations found gone (not seen any more). */
  removed: number;
  bound: number;
}

export interface SyncReport extends SyncProgress {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export interface SyncOptions {
  tenantId: Types.ObjectId;
  client: WecomApiClient;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Stop early (e.g. the lease was lost). */
  shouldContinue?: () => Promise<boolean>;
  /** Rate-limit waits allowed per API call before giving up. */
  maxRateLimitWaits?: number;
  /** Contacts written in parallel. Default 4. */
  concurrency?: number;
}

const USERS_PER_CALL = 100;
const PAGE_LIMIT = 100;

/**
 * Full reconciliation with WeCom (its change callbacks "may be out of order or lost"):
 * corp tags → follow users → batch/get_by_user over cursors → every contact upserted and bound,
 * then relations of the synced staff that WeCom no longer lists are marked removed.
 * Safe to run any time, alongside callbacks: every write follows the order-independent rules.
 */
export async function syncWecomContacts(options: SyncOptions): Promise<SyncReport> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const startedAt = now();
  const progress: SyncProgress = { phase: 'tags', staff: 0, pages: 0, contacts: 0, relations: 0, removed: 0, bound: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const keepGoing = async () => (options.shouldContinue ? options.shouldContinue() : true);

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof WecomRateLimitError) || waits >= (options.maxRateLimitWaits ?? 5)) throw error;
        await sleep(error.retryAfterMs);
      }
    }
  }

  report();
  const groups = await call(() => options.client.getCorpTagList());
  await syncCorpTags(options.tenantId, corpTagsFromWecom(groups), startedAt);
  const tagNames = await corpTagNames(options.tenantId);

  progress.phase = 'staff';
  const userIds = await call(() => options.client.getFollowUserList());
  const staffDocs = await resolveWecomStaff(options.tenantId, userIds, options.client);
  const staff = staffLookupOf(staffDocs);
  progress.staff = userIds.length;
  report();

  progress.phase = 'contacts';
  const seenContacts = new Set<string>();
  for (let i = 0; i < userIds.length; i += USERS_PER_CALL) {
    const chunk = userIds.slice(i, i + USERS_PER_CALL);
    let cursor: string | undefined;
    do {
      if (!(await keepGoing())) throw new Error('sync stopped: another instance took over');
      const page = await call(() => options.client.batchGetByUser({ userIds: chunk, cursor, limit: PAGE_LIMIT }));
      const at = now();
      // Contacts are independent documents: a few at a time keeps the database busy, not overloaded.
      await forEachLimited([...groupByContact(page.items)], options.concurrency ?? 4, async ([externalUserId, items]) => {
        const read: ContactRead = {
          at,
          profile: profileFromWecom(items[0]!.external_contact),
          followUsers: items.map((item) => followInfoFromWecom(item.follow_info, tagNames)),
          // Other staff chunks may list more followers: absence is only concluded in the cleanup.
          complete: false,
        };
        const contact = await recordContactChange(options.tenantId, externalUserId, contactRead(read, staff));
        if (!seenContacts.has(externalUserId)) {
          seenContacts.add(externalUserId);
          if (contact.customerId) progress.bound++;
        }
        progress.relations += items.length;
      });
      progress.contacts = seenContacts.size;
      progress.pages++;
      report();
      cursor = page.nextCursor;
    } while (cursor);
  }

  progress.phase = 'cleanup';
  report();
  const synced = new Set(userIds);
  // Exactly the relations relationsGone will mark: active, not seen by this run, not changed since it began.
  const stale = await ExternalContact.find(
    {
      tenantId: options.tenantId,
      followUsers: {
        $elemMatch: { userId: { $in: userIds }, status: 'active', syncedAt: { $not: { $gte: startedAt } }, statusAt: { $lte: readInstant(startedAt) } },
      },
    },
    { externalUserId: 1 },
  ).lean();
  for (const c of stale) {
    let removed = 0;
    await recordContactChange(options.tenantId, c.externalUserId, relationsGone(synced, startedAt, staff, (count) => (removed = count)));
    progress.removed += removed;
  }

  progress.phase = 'done';
  report();
  const finishedAt = now();
  return { ...progress, startedAt, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() };
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

function groupByContact(items: BatchContactItem[]): Map<string, BatchContactItem[]> {
  const groups = new Map<string, BatchContactItem[]>();
  for (const item of items) {
    const id = item.external_contact.external_userid;
    const list = groups.get(id);
    if (list) list.push(item);
    else groups.set(id, [item]);
  }
  return groups;
}
