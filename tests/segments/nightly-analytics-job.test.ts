import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Tenant } from '../../src/crm/models/tenant.js';
import { nightlyAnalyticsJob } from '../../src/jobs/nightly-analytics-job.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let shanghai: Types.ObjectId;
let london: Types.ObjectId;
beforeAll(async () => {
  db = await useTestDatabase();
  shanghai = (await Tenant.create({ slug: 'sh', name: 'SH', timezone: 'Asia/Shanghai' }))._id;
  london = (await Tenant.create({ slug: 'ldn', name: 'LDN', timezone: 'Europe/London' }))._id;
});
afterAll(async () => {
  await db.drop();
});

test('runs each step once per tenant-local date, after 03:30 in that tenant’s time zone, and stops when the lease is lost', async () => {
  const calls: string[] = [];
  const job = nightlyAnalyticsJob({ name: 'nightly-test', steps: [{ name: 'count', run: async ({ tenantId }) => (calls.push(String(tenantId)), {}) }] });
  const ctx = (iso: string, leader = true) => ({ now: new Date(iso), instanceId: 'i', stillLeader: async () => leader });
  // 19:00 UTC = 03:00 in Shanghai (not due), 19:00 in London (due).
  await job.run(ctx('2026-11-19T19:00:00Z'));
  expect(calls).toEqual([String(london)]);
  // 19:40 UTC = 03:40 in Shanghai: due there; London already ran for its date.
  await job.run(ctx('2026-11-19T19:40:00Z'));
  expect(calls).toEqual([String(london), String(shanghai)]);
  await job.run(ctx('2026-11-19T21:00:00Z'));
  expect(calls).toHaveLength(2);
  // The next London date (04:00 on the 20th), but the lease went elsewhere: nothing runs.
  expect(await job.run(ctx('2026-11-20T04:00:00Z', false))).toMatchObject({ status: 'lost_lease' });
  expect(calls).toHaveLength(2);
});
