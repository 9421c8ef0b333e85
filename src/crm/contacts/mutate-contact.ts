import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import { Unavailable } from '../../errors.js';
import { contactObjectId } from './contact-id.js';
import { ExternalContact, type ExternalContactDoc } from './external-contact-model.js';

/** The fields a contact mutation may change; binding fields have their own conditional writes. */
export type ContactDraft = Pick<
  ExternalContactDoc,
  | 'name'
  | 'avatar'
  | 'corpName'
  | 'corpFullName'
  | 'position'
  | 'type'
  | 'gender'
  | 'unionid'
  | 'followUsers'
  | 'status'
  | 'history'
  | 'profileSyncedAt'
>;

const DRAFT_FIELDS = [
  'name',
  'avatar',
  'corpName',
  'corpFullName',
  'position',
  'type',
  'gender',
  'unionid',
  'followUsers',
  'status',
  'history',
  'profileSyncedAt',
] as const satisfies readonly (keyof ContactDraft)[];

function emptyDraft(): ContactDraft {
  return { name: '', type: 'unknown', followUsers: [], status: 'active', history: [], profileSyncedAt: null };
}

/** Deep copy that keeps ObjectIds and Dates (structuredClone turns ObjectIds into plain objects). */
function clone<T>(value: T): T {
  if (value instanceof Types.ObjectId) return new Types.ObjectId(value.toHexString()) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

function draftOf(doc: ExternalContactDoc): ContactDraft {
  const draft = emptyDraft();
  for (const field of DRAFT_FIELDS) (draft as Record<string, unknown>)[field] = clone(doc[field]);
  return draft;
}

/**
 * Read → change → conditional write on `version`, retried when another worker wrote first.
 * No transactions are needed: the document is the unit of consistency. `change` may be called
 * several times and must be a pure function of the draft; it returns false for "nothing to do".
 */
export async function mutateContact(
  tenantId: Types.ObjectId,
  externalUserId: string,
  change: (draft: ContactDraft, existing: ExternalContactDoc | null) => boolean,
): Promise<ExternalContactDoc> {
  const _id = contactObjectId(tenantId, externalUserId);
  for (let attempt = 0; attempt < 30; attempt++) {
    const doc = await ExternalContact.findOne({ _id, tenantId }).lean<ExternalContactDoc>();
    const draft = doc ? draftOf(doc) : emptyDraft();
    const changed = change(draft, doc);
    if (doc && !changed) return doc;
    if (!doc) {
      try {
        const created = await ExternalContact.create({ _id, tenantId, externalUserId, ...draft, version: 0 });
        return created.toObject() as ExternalContactDoc;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        continue;
      }
    }
    const set: Record<string, unknown> = {};
    for (const field of DRAFT_FIELDS) set[field] = draft[field];
    const updated = await ExternalContact.findOneAndUpdate(
      { _id: doc._id, tenantId, version: doc.version },
      { $set: set, $inc: { version: 1 } },
      { new: true },
    ).lean<ExternalContactDoc>();
    if (updated) return updated;
    await sleep(Math.floor(Math.random() * 20 * (attempt + 1)));
  }
  throw new Unavailable('the contact is being changed concurrently; try again');
}

export async function loadContact(tenantId: Types.ObjectId, externalUserId: string): Promise<ExternalContactDoc | null> {
  return ExternalContact.findOne({ _id: contactObjectId(tenantId, externalUserId), tenantId }).lean<ExternalContactDoc>();
}
