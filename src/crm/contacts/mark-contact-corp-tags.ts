import type { Actor } from '../actor.js';
import { Conflict, InvalidInput } from '../../errors.js';
import { Staff } from '../models/staff.js';
import { parseInput } from '../../parse-input.js';
import { recordActivity } from '../activities/record-activity.js';
import { recordAudit } from '../record-audit.js';
import { CorpTag } from './corp-tag-model.js';
import { markCorpTagsSchema, type MarkCorpTagsInput } from './corp-tag-input.js';
import type { ExternalContactDoc, FollowTag } from './external-contact-model.js';
import { findContactInScope } from './find-contact-in-scope.js';
import { mutateContact } from './mutate-contact.js';

/** Writes the change to the platform (WeCom `externalcontact/mark_tag`); throws the platform's error. */
export type MarkTagOnPlatform = (input: { userId: string; externalUserId: string; add: string[]; remove: string[] }) => Promise<void>;

/**
 * The acting salesperson adds/removes corp tags on their relationship with a WeCom contact: checked
 * against the dictionary, written to WeCom first (so the tag shows there too), then recorded here —
 * on the contact, on the bound customer's timeline and in the audit log. Tags only added or removed
 * when the relation already had / lacked them are no-ops.
 */
export async function markContactCorpTags(
  actor: Actor,
  externalUserId: string,
  rawInput: MarkCorpTagsInput,
  markOnPlatform: MarkTagOnPlatform,
): Promise<ExternalContactDoc> {
  const input = parseInput(markCorpTagsSchema, rawInput);
  const contact = await findContactInScope(actor, externalUserId);
  const staff = actor.staffId ? await Staff.findOne({ tenantId: actor.tenantId, _id: actor.staffId }, { userId: 1 }).lean() : null;
  const relation = staff ? contact.followUsers.find((f) => f.userId === staff.userId && f.status === 'active') : undefined;
  if (!staff || !relation) throw new Conflict('externalUserId: this client is not in your WeCom contacts, so you cannot tag them');

  const known = await CorpTag.find({ tenantId: actor.tenantId, tagId: { $in: [...input.add, ...input.remove] } }).lean();
  const byId = new Map(known.map((t) => [t.tagId, t]));
  input.add.forEach((id, i) => {
    const tag = byId.get(id);
    if (!tag || tag.deleted) throw new InvalidInput(`invalid input: add.${i}: unknown corp tag ${id}`, [{ path: `add.${i}`, message: 'unknown corp tag' }]);
  });
  const had = new Set(relation.tags.map((t) => t.tagId));
  const add = input.add.filter((id) => !had.has(id));
  const remove = input.remove.filter((id) => had.has(id));
  if (add.length + remove.length === 0) return contact;

  await markOnPlatform({ userId: staff.userId, externalUserId, add, remove });

  const added: FollowTag[] = add.map((id) => {
    const t = byId.get(id)!;
    return { tagId: id, name: t.name, groupName: t.groupName, type: 1 };
  });
  const updated = await mutateContact(actor.tenantId, externalUserId, (draft) => {
    const mine = draft.followUsers.find((f) => f.userId === staff.userId);
    if (!mine) return false;
    mine.tags = [...mine.tags.filter((t) => !remove.includes(t.tagId) && !add.includes(t.tagId)), ...added];
    return true;
  });
  const nameOf = (id: string) => byId.get(id)?.name ?? relation.tags.find((t) => t.tagId === id)?.name ?? id;
  if (updated.customerId) {
    await recordActivity(actor, {
      customerId: updated.customerId,
      type: 'tagged',
      data: { added: add.map(nameOf), removed: remove.map(nameOf), corpTags: true },
    });
  }
  await recordAudit(actor, {
    action: 'contact.corp_tags',
    entity: 'external_contact',
    entityId: contact._id,
    before: { tagIds: [...had] },
    after: { added: add, removed: remove, userId: staff.userId },
  });
  return updated;
}
