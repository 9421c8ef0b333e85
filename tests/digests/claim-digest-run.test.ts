import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import { claimDigestRun } from '../../src/crm/digests/claim-digest-run.js';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { dayContaining } from '../../src/crm/digests/period.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

const now = new Date('2025-03-14T10:05:00Z');
const base = () => ({
  tenantId: new Types.ObjectId(),
  recipientId: new Types.ObjectId(),
  kind: 'daily' as const,
  period: dayContaining(now),
  scheduledFor: now,
  now,
});

test('of three instances claiming the same run at once exactly one gets it', async () => {
  const input = base();
  const claims = await Promise.all(['i1', 'i2', 'i3'].map((holder) => claimDigestRun({ ...input, holder })));
  expect(claims.filter(Boolean)).toHaveLength(1);
  expect(await DigestRun.countDocuments({ tenantId: input.tenantId })).toBe(1);
});

test('a finished run is never claimed again, however late', async () => {
  const input = base();
  const run = await claimDigestRun({ ...input, holder: 'i1' });
  await DigestRun.updateOne({ _id: run!._id }, { $set: { status: 'enqueued' } });
  expect(await claimDigestRun({ ...input, holder: 'i2', now: new Date(now.getTime() + 3600_000) })).toBeNull();
});

test('a run abandoned mid-way (instance crashed) is resumed by exactly one instance after it goes stale', async () => {
  const input = base();
  const run = await claimDigestRun({ ...input, holder: 'crashed' });
  expect(await claimDigestRun({ ...input, holder: 'i2', now: new Date(now.getTime() + 60_000) })).toBeNull();
  const later = new Date(now.getTime() + 5 * 60_000);
  const resumed = await Promise.all(['i2', 'i3'].map((holder) => claimDigestRun({ ...input, holder, now: later })));
  const winners = resumed.filter((r) => r !== null);
  expect(winners).toHaveLength(1);
  expect(String(winners[0]!._id)).toBe(String(run!._id));
  expect(winners[0]!.attempts).toBe(2);
});

test('different periods and kinds are separate runs', async () => {
  const input = base();
  expect(await claimDigestRun({ ...input, holder: 'a' })).not.toBeNull();
  expect(await claimDigestRun({ ...input, kind: 'morning', holder: 'a' })).not.toBeNull();
  expect(await claimDigestRun({ ...input, period: dayContaining(new Date('2025-03-15T10:05:00Z')), holder: 'a' })).not.toBeNull();
});
