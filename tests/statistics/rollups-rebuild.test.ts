import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COUNTED_ACTIVITY_TYPES } from '../../src/crm/analytics/activity-facts.js';
import { applyActivity } from '../../src/crm/analytics/apply-activity.js';
import { rebuildRollups } from '../../src/crm/analytics/rebuild-rollups.js';
import { Activity } from '../../src/crm/models/activity.js';
import { StatRollup } from '../../src/crm/models/stat-rollup.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const totals = (r: { applied: { amount: number }[] }) => ({ count: r.applied.length, amount: r.applied.reduce((s, p) => s + p.amount, 0) });
const snapshot = async (tenantId: Types.ObjectId) =>
  (await StatRollup.find({ tenantId }).lean())
    .map((r) => `${r.day}|${String(r.ownerId)}|${r.metric}|${r.dim}|${r.value}|${totals(r).count}|${totals(r).amount}|${r.applied.map((p) => p.id).sort().join(',')}`)
    .sort();

test('rollups kept live from 10k facts delivered out of order with redeliveries equal a rebuild from scratch', async () => {
  const rnd = random(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const tenant = { tenantId: new Types.ObjectId(), timezone: 'Asia/Shanghai' };
  const owners = Array.from({ length: 6 }, () => new Types.ObjectId());
  const customers = Array.from({ length: 300 }, () => new Types.ObjectId());
  const start = Date.parse('2026-01-01T00:00:00Z');
  const docs = Array.from({ length: 10_000 }, () => {
    const type = pick(COUNTED_ACTIVITY_TYPES);
    const dims = { source: pick(['展会', '官网', '转介绍']), 'custom.行业': pick(['制造', '零售']) };
    const data: Record<string, unknown> =
      type === 'stage_changed'
        ? { from: 'lead', to: pick(['intent', 'won', 'lost']), dims }
        : type === 'created'
          ? { stage: 'lead', dims }
          : type === 'follow_up'
            ? {}
            : { amount: Math.floor(rnd() * 1_000_000), ownerId: String(pick(owners)) };
    if (data.to === 'won') data.won = true;
    return {
      tenantId: tenant.tenantId,
      customerId: pick(customers),
      type,
      // Spread over 60 days, many near local midnight.
      at: new Date(start + Math.floor(rnd() * 60) * 86_400_000 + pick([15.5, 16.5, 3, 10]) * 3_600_000 + Math.floor(rnd() * 1800_000)),
      authorId: pick(owners),
      source: 'api',
      channel: type === 'follow_up' ? pick(['phone', 'wechat', 'visit']) : undefined,
      data,
      relayed: true,
    };
  });
  const inserted = await Activity.insertMany(docs);
  // Live delivery: shuffled, a fifth delivered twice, two at a time (as two inbox workers), gently: the wire server is shared with the other test files.
  const deliveries = inserted.flatMap((a) => (rnd() < 0.2 ? [a, a] : [a])).sort(() => rnd() - 0.5);
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < deliveries.length) {
        const a = deliveries[next++]!;
        await applyActivity(tenant, { id: String(a._id), type: a.type, authorId: a.authorId ?? null, channel: a.channel ?? null, data: a.data as Record<string, unknown>, at: a.at });
      }
    }),
  );
  const live = await snapshot(tenant.tenantId);
  expect(live.length).toBeGreaterThan(1000);
  const followUps = docs.filter((d) => d.type === 'follow_up').length;
  const counted = (await StatRollup.find({ tenantId: tenant.tenantId, metric: 'follow_up', dim: '' }).lean()).reduce((s, r) => s + totals(r).count, 0);
  expect(counted).toBe(followUps);

  expect(await rebuildRollups(tenant)).toBe(10_000);
  expect(await snapshot(tenant.tenantId)).toEqual(live);
}, 900_000);
