import type { Types } from 'mongoose';
import { CorpTag } from './corp-tag-model.js';

export interface CorpTagGroupView {
  groupId: string;
  groupName: string;
  tags: { tagId: string; name: string }[];
}

/** The corp tag dictionary (企业标签库) by group, in WeCom's order (higher `order` first). */
export async function listCorpTags(tenantId: Types.ObjectId): Promise<CorpTagGroupView[]> {
  const rows = await CorpTag.find({ tenantId, deleted: false }).sort({ groupName: 1, order: -1, name: 1 }).lean();
  const groups = new Map<string, CorpTagGroupView>();
  for (const r of rows) {
    let g = groups.get(r.groupId);
    if (!g) groups.set(r.groupId, (g = { groupId: r.groupId, groupName: r.groupName, tags: [] }));
    g.tags.push({ tagId: r.tagId, name: r.name });
  }
  return [...groups.values()];
}
