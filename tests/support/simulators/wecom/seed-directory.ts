import type { SimTag, WecomSimulator } from './wecom-simulator.js';

export interface SeedOptions {
  staff?: number;
  contacts?: number;
  /** Every Nth contact is also followed by a second staff member (0 = never). */
  secondFollowerEvery?: number;
  /** Every Nth contact is followed by three staff members (0 = never). */
  thirdFollowerEvery?: number;
}

export interface SeedSummary {
  staffIds: string[];
  contactIds: string[];
  followCount: number;
}

export const SEED_TAGS: { group_id: string; group_name: string; tags: { id: string; name: string }[] }[] = [
  { group_id: 'grp-level', group_name: '客户等级', tags: [{ id: 'tag-a', name: 'A类' }, { id: 'tag-b', name: 'B类' }, { id: 'tag-c', name: 'C类' }] },
  { group_id: 'grp-source', group_name: '来源', tags: [{ id: 'tag-expo', name: '展会' }, { id: 'tag-web', name: '官网' }] },
];

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const seedStaffId = (i: number) => `sales${pad(i + 1, 2)}`;
export const seedContactId = (i: number) => `wmSIM${pad(i, 6)}`;

/**
 * Deterministic directory: staff `sales01…`, contacts `wmSIM000000…`; contact i is followed by
 * staff i mod N, plus more followers every `secondFollowerEvery`/`thirdFollowerEvery` contacts.
 * Even WeChat contacts carry a unionid; every 7th has a remark mobile.
 */
export function seedDirectory(sim: WecomSimulator, options: SeedOptions = {}): SeedSummary {
  const staffCount = options.staff ?? 20;
  const contactCount = options.contacts ?? 2000;
  const second = options.secondFollowerEvery ?? 10;
  const third = options.thirdFollowerEvery ?? 50;
  const base = 1_700_000_000;

  sim.tagGroups = SEED_TAGS.map((g, gi) => ({
    group_id: g.group_id,
    group_name: g.group_name,
    create_time: base,
    order: gi,
    tag: g.tags.map((t, ti) => ({ id: t.id, name: t.name, create_time: base, order: ti })),
  }));
  const allTags: SimTag[] = SEED_TAGS.flatMap((g) => g.tags.map((t) => ({ group_name: g.group_name, tag_name: t.name, tag_id: t.id, type: 1 as const })));

  const staffIds: string[] = [];
  for (let i = 0; i < staffCount; i++) {
    const userid = seedStaffId(i);
    staffIds.push(userid);
    sim.addStaff({ userid, name: `销售${pad(i + 1, 2)}`, department: [1 + (i % 4)], position: '销售' });
  }

  const contactIds: string[] = [];
  let followCount = 0;
  for (let i = 0; i < contactCount; i++) {
    const id = seedContactId(i);
    contactIds.push(id);
    const wechat = i % 3 !== 0;
    sim.addContact({
      external_userid: id,
      name: `客户${pad(i, 4)}`,
      type: wechat ? 1 : 2,
      gender: (i % 3) as 0 | 1 | 2,
      avatar: `https://sim.example/avatar/${id}.png`,
      ...(wechat && i % 2 === 0 ? { unionid: `ouSIM${pad(i, 6)}` } : {}),
      ...(!wechat ? { corp_name: `公司${pad(i % 97, 2)}`, corp_full_name: `模拟公司${pad(i % 97, 2)}有限公司` } : {}),
    });
    const followers = [i % staffCount];
    if (second > 0 && i % second === 0) followers.push((i + 1) % staffCount);
    if (third > 0 && i % third === 0) followers.push((i + 2) % staffCount);
    for (const [k, s] of [...new Set(followers)].entries()) {
      sim.addFollow({
        userid: staffIds[s]!,
        external_userid: id,
        remark: `客户${pad(i, 4)}-${k}`,
        description: k === 0 ? '首次接触' : '',
        createtime: base + i * 10 + k,
        tags: [allTags[i % allTags.length]!],
        remark_mobiles: i % 7 === 0 ? [`1380000${pad(i % 10_000, 4)}`] : [],
        add_way: 1,
        oper_userid: staffIds[s]!,
        ...(i % 5 === 0 ? { state: 'expo2024' } : {}),
      });
      followCount++;
    }
  }
  return { staffIds, contactIds, followCount };
}
