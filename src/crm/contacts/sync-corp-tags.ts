import type { Types } from 'mongoose';
import { CorpTag } from './corp-tag-model.js';

export interface CorpTagGroupInput {
  groupId: string;
  groupName: string;
  tags: { id: string; name: string; order?: number; deleted?: boolean }[];
}

/**
 * Replaces the dictionary with a complete read: present tags upserted, absent ones marked deleted.
 * A full read is the truth whatever order the change events came in, so this is all a
 * change_external_tag event needs. Returns the counts.
 */
export async function syncCorpTags(
  tenantId: Types.ObjectId,
  groups: CorpTagGroupInput[],
  at: Date = new Date(),
): Promise<{ upserted: number; deleted: number }> {
  const seen: string[] = [];
  for (const group of groups) {
    for (const tag of group.tags) {
      if (tag.deleted) continue;
      seen.push(tag.id);
      await CorpTag.updateOne(
        { tenantId, tagId: tag.id },
        {
          $set: { name: tag.name, groupId: group.groupId, groupName: group.groupName, order: tag.order ?? 0, deleted: false, syncedAt: at },
          $setOnInsert: { tenantId, tagId: tag.id },
        },
        { upsert: true },
      );
    }
  }
  const gone = await CorpTag.updateMany({ tenantId, tagId: { $nin: seen }, deleted: false }, { $set: { deleted: true, syncedAt: at } });
  return { upserted: seen.length, deleted: gone.modifiedCount };
}

export async function corpTagNames(tenantId: Types.ObjectId): Promise<Map<string, { name: string; groupName: string }>> {
  const rows = await CorpTag.find({ tenantId }, { tagId: 1, name: 1, groupName: 1 }).lean();
  return new Map(rows.map((r) => [r.tagId, { name: r.name, groupName: r.groupName }]));
}
