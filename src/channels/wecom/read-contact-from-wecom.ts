import type { ContactProfileInput, ContactRead } from '../../crm/contacts/contact-changes.js';
import type { FollowUserSnapshot } from '../../crm/contacts/contact-facts.js';
import type { ContactType, FollowTag } from '../../crm/contacts/external-contact-model.js';
import type { CorpTagGroupInput } from '../../crm/contacts/sync-corp-tags.js';
import { WecomApiError } from './api/api-errors.js';
import type { CorpTagGroup, ExternalContactProfile, FollowInfo, FollowUser } from './api/api-schemas.js';
import type { WecomApiClient } from './api/wecom-api-client.js';

const CONTACT_TYPES: Record<number, ContactType> = { 1: 'wechat', 2: 'wecom' };

export function profileFromWecom(p: ExternalContactProfile): ContactProfileInput {
  return {
    name: p.name,
    avatar: p.avatar,
    corpName: p.corp_name,
    corpFullName: p.corp_full_name,
    position: p.position,
    type: (p.type !== undefined && CONTACT_TYPES[p.type]) || 'unknown',
    gender: p.gender,
    unionid: p.unionid,
  };
}

const epoch = (s?: number) => (s ? new Date(s * 1000) : null);

/** Everything but the tags, which externalcontact/get and batch/get_by_user give in different shapes. */
function followBaseFromWecom(f: FollowUser | FollowInfo): Omit<FollowUserSnapshot, 'tags'> {
  return {
    userId: f.userid,
    remark: f.remark,
    description: f.description,
    remarkMobiles: f.remark_mobiles ?? [],
    remarkCorpName: f.remark_corp_name,
    addedAt: epoch(f.createtime),
    addWay: f.add_way,
    operUserId: f.oper_userid,
    state: f.state,
  };
}

export function followUserFromWecom(f: FollowUser): FollowUserSnapshot {
  return {
    ...followBaseFromWecom(f),
    tags: (f.tags ?? []).flatMap((t): FollowTag[] =>
      t.tag_id ? [{ tagId: t.tag_id, name: t.tag_name, groupName: t.group_name, type: t.type }] : [],
    ),
  };
}

/** batch/get_by_user gives tag ids only; names come from the corp tag dictionary. */
export function followInfoFromWecom(f: FollowInfo, tagNames: Map<string, { name: string; groupName: string }>): FollowUserSnapshot {
  return { ...followBaseFromWecom(f), tags: (f.tag_id ?? []).map((tagId) => ({ tagId, ...(tagNames.get(tagId) ?? {}) })) };
}

/** get_corp_tag_list → the CRM's corp tag dictionary input (a deleted group deletes its tags). */
export function corpTagsFromWecom(groups: CorpTagGroup[]): CorpTagGroupInput[] {
  return groups.map((g) => ({
    groupId: g.group_id,
    groupName: g.group_name,
    tags: g.tag.map((t) => ({ id: t.id, name: t.name, order: t.order, deleted: Boolean(t.deleted || g.deleted) })),
  }));
}

/**
 * The contact as WeCom has it now (all follow users, across cursor pages). 84061 (no relationship
 * left) is a complete read with nobody following; 40096 (not visible to this app) tells us nothing.
 */
export async function readContactFromWecom(
  client: Pick<WecomApiClient, 'getExternalContact'>,
  externalUserId: string,
  now: () => Date = () => new Date(),
): Promise<ContactRead | undefined> {
  try {
    const detail = await client.getExternalContact(externalUserId);
    return {
      at: now(),
      profile: profileFromWecom(detail.externalContact),
      followUsers: detail.followUsers.map(followUserFromWecom),
      complete: true,
    };
  } catch (error) {
    if (error instanceof WecomApiError && error.errcode === 84061) return { at: now(), profile: {}, followUsers: [], complete: true };
    if (error instanceof WecomApiError && error.errcode === 40096) return undefined;
    throw error;
  }
}
