import { describe, expect, test } from 'vitest';
import {
  appendHistory,
  applyFollowSnapshot,
  applyRelationFact,
  earliestActiveRelation,
  READ_CLOCK_SKEW_MS,
  type RelationFact,
} from '../../../src/crm/contacts/contact-facts.js';
import type { FollowRelation } from '../../../src/crm/contacts/external-contact-model.js';

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function applyAll(facts: RelationFact[]): FollowRelation[] {
  return facts.reduce<FollowRelation[]>((rels, f) => applyRelationFact(rels, f).followUsers, []);
}

describe('relation facts converge whatever the order', () => {
  const cases: [string, RelationFact[], 'active' | 'removed'][] = [
    ['add, delete', [{ userId: 'u', status: 'active', at: at(1) }, { userId: 'u', status: 'removed', at: at(2) }], 'removed'],
    [
      'add, delete, re-add',
      [
        { userId: 'u', status: 'active', at: at(1) },
        { userId: 'u', status: 'removed', at: at(2) },
        { userId: 'u', status: 'active', at: at(3) },
      ],
      'active',
    ],
    ['add and delete in the same second (tie → removed)', [{ userId: 'u', status: 'active', at: at(5) }, { userId: 'u', status: 'removed', at: at(5) }], 'removed'],
    [
      'duplicates',
      [
        { userId: 'u', status: 'active', at: at(1) },
        { userId: 'u', status: 'active', at: at(1) },
        { userId: 'u', status: 'removed', at: at(4) },
        { userId: 'u', status: 'removed', at: at(4) },
      ],
      'removed',
    ],
  ];

  test.each(cases)('%s', (_name, facts, expected) => {
    const outcomes = permutations(facts).map((order) => {
      const [r] = applyAll(order);
      return JSON.stringify({ status: r!.status, removedBy: r!.removedBy, statusAt: r!.statusAt });
    });
    expect(new Set(outcomes).size).toBe(1);
    expect(applyAll(facts)[0]!.status).toBe(expected);
  });

  test('random histories: the newest fact wins in every order', () => {
    for (let run = 0; run < 200; run++) {
      const n = 2 + Math.floor(Math.random() * 4);
      const facts: RelationFact[] = Array.from({ length: n }, (_, i) => ({
        userId: 'u',
        status: Math.random() < 0.5 ? 'active' : 'removed',
        at: at(i * 10 + Math.floor(Math.random() * 5)),
      }));
      const newest = [...facts].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.status === 'removed' ? -1 : 1))[0]!;
      const shuffled = [...facts].sort(() => Math.random() - 0.5);
      expect(applyAll(shuffled)[0]!.status).toBe(newest.status);
    }
  });

  test('the state from an add event is kept even if the add is stale', () => {
    const rels = applyAll([
      { userId: 'u', status: 'removed', at: at(9) },
      { userId: 'u', status: 'active', at: at(1), state: 'expo' },
    ]);
    expect(rels[0]).toMatchObject({ status: 'removed', state: 'expo' });
  });
});

describe('reads (snapshots)', () => {
  const base = applyAll([{ userId: 'a', status: 'active', at: at(1) }]);

  test('a complete read removes relations it does not list; a partial one does not', () => {
    const partial = applyFollowSnapshot(base, { at: at(100), followUsers: [], complete: false });
    expect(partial.followUsers[0]!.status).toBe('active');
    const complete = applyFollowSnapshot(base, { at: at(100), followUsers: [{ userId: 'b', remark: 'x' }], complete: true });
    expect(complete.removed.map((r) => r.userId)).toEqual(['a']);
    expect(complete.activated.map((r) => r.userId)).toEqual(['b']);
    expect(complete.followUsers.find((f) => f.userId === 'a')).toMatchObject({ status: 'removed', removedBy: 'sync' });
  });

  test('a read is dated back by the clock-skew allowance', () => {
    const r = applyFollowSnapshot([], { at: at(100), followUsers: [{ userId: 'b' }], complete: true });
    expect(r.followUsers[0]!.statusAt.getTime()).toBe(at(100).getTime() - READ_CLOCK_SKEW_MS);
    // A deletion stamped shortly before our read (clocks differ) still applies.
    const later = applyRelationFact(r.followUsers, { userId: 'b', status: 'removed', at: at(90) });
    expect(later.followUsers[0]!.status).toBe('removed');
  });

  test('a customer-side deletion survives reads (WeCom keeps listing one-way relations)', () => {
    const removed = applyRelationFact(base, { userId: 'a', status: 'removed', removedBy: 'customer', at: at(5) }).followUsers;
    const read = applyFollowSnapshot(removed, { at: at(1000), followUsers: [{ userId: 'a' }], complete: true });
    expect(read.followUsers[0]).toMatchObject({ status: 'removed', removedBy: 'customer' });
    // …until the salesperson adds them again.
    const readded = applyRelationFact(read.followUsers, { userId: 'a', status: 'active', at: at(2000) });
    expect(readded.followUsers[0]!.status).toBe('active');
  });

  test('an older deletion event explains a removal a read found', () => {
    const read = applyFollowSnapshot(base, { at: at(1000), followUsers: [], complete: true });
    const explained = applyRelationFact(read.followUsers, { userId: 'a', status: 'removed', removedBy: 'transfer', at: at(10) });
    expect(explained.followUsers[0]).toMatchObject({ status: 'removed', removedBy: 'transfer' });
  });

  test('profile changes are reported only for relations seen before', () => {
    const first = applyFollowSnapshot([], { at: at(10), followUsers: [{ userId: 'a', remark: 'old' }], complete: true });
    expect(first.changed).toEqual([]);
    const second = applyFollowSnapshot(first.followUsers, { at: at(20), followUsers: [{ userId: 'a', remark: 'new', remarkMobiles: ['1'] }], complete: true });
    expect(second.changed).toEqual([{ userId: 'a', fields: { remark: { from: 'old', to: 'new' }, remarkMobiles: { from: [], to: ['1'] } } }]);
  });
});

describe('history and ownership', () => {
  test('appendHistory ignores a repeated key and prunes recorded entries beyond the limit', () => {
    const entry = { key: 'k', type: 'contact_added' as const, at: at(1), userId: 'u', staffId: null, content: 'c', data: {} };
    let h = appendHistory([], entry);
    h = appendHistory(h, entry);
    expect(h).toHaveLength(1);
    const many = Array.from({ length: 150 }, (_, i) => ({ ...entry, key: `k${i}`, recorded: i < 100 }));
    const pruned = appendHistory(many, { ...entry, key: 'new' });
    expect(pruned.length).toBe(100);
    expect(pruned.filter((x) => !x.recorded)).toHaveLength(51);
  });

  test('the owner is the earliest active follower backed by a staff record', async () => {
    const { Types } = await import('mongoose');
    const s1 = new Types.ObjectId();
    const s2 = new Types.ObjectId();
    const rels = applyFollowSnapshot([], {
      at: at(100),
      followUsers: [
        { userId: 'late', staffId: s1, addedAt: at(50) },
        { userId: 'early', staffId: s2, addedAt: at(10) },
        { userId: 'nostaff', addedAt: at(1) },
      ],
      complete: true,
    }).followUsers;
    expect(earliestActiveRelation(rels)?.userId).toBe('early');
  });
});
