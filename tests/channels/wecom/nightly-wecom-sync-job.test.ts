import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWecomApiClient } from '../../../src/channels/wecom/api/wecom-api-client.js';
import { nightlyWecomSyncJob } from '../../../src/channels/wecom/sync/nightly-wecom-sync-job.js';
import { WecomSyncRun } from '../../../src/channels/wecom/sync/wecom-sync-run-model.js';
import { ExternalContact } from '../../../src/crm/contacts/external-contact-model.js';
import { ensureDefaultTenant } from '../../../src/crm/tenants/ensure-default-tenant.js';
import { useTestDatabase } from '../../support/test-db.js';
import { seedDirectory } from '../../support/simulators/wecom/seed-directory.js';
import { startWecomSimulator, type WecomSimulator } from '../../support/simulators/wecom/wecom-simulator.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  seedDirectory(sim, { staff: 3, contacts: 30 });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

test('the nightly sync runs once per local day after 02:17, retries a failed day at most 3 times', { timeout: 120_000 }, async () => {
  const tenant = await ensureDefaultTenant();
  const client = createWecomApiClient({ baseUrl: sim.baseUrl, corpId: sim.corpId, secret: sim.secret, agentId: sim.agentId });
  const job = nightlyWecomSyncJob({ tenantId: tenant._id, client: () => client, timezone: 'Asia/Shanghai' });
  const run = (iso: string) => job.run({ now: new Date(iso), instanceId: 'i1', stillLeader: async () => true });

  // 02:16 Shanghai = 18:16 UTC the day before.
  expect(await run('2025-03-09T18:16:00Z')).toEqual({ status: 'not_due' });
  expect(await run('2025-03-09T18:17:00Z')).toMatchObject({ status: 'ran', runKey: 'nightly:2025-03-10', contacts: 30 });
  expect(await ExternalContact.countDocuments()).toBe(30);
  expect(await run('2025-03-09T23:00:00Z')).toMatchObject({ status: 'already_ran' });

  // The next day fails three times (app lost its permission), then the job stops trying that day.
  sim.failNext('externalcontact/get_corp_tag_list', 48002, 10);
  for (let i = 0; i < 3; i++) await expect(run(`2025-03-10T19:0${i}:00Z`)).rejects.toThrow(/48002/);
  expect(await run('2025-03-10T19:05:00Z')).toMatchObject({ status: 'gave_up', failures: 3 });
  expect(await WecomSyncRun.countDocuments({ status: 'failed' })).toBe(3);
  expect(await WecomSyncRun.countDocuments({ status: 'done' })).toBe(1);
});
