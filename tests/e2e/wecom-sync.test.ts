import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWecomSync } from '../../src/channels/wecom/sync/run-wecom-sync.js';
import type { SyncProgress } from '../../src/channels/wecom/sync/sync-wecom-contacts.js';
import { wecomApiClient } from '../../src/channels/wecom/wecom-runtime.js';
import { CorpTag } from '../../src/crm/contacts/corp-tag-model.js';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Staff } from '../../src/crm/models/staff.js';
import { useTestDatabase } from '../support/test-db.js';
import { seedContactId, seedDirectory, seedStaffId, type SeedSummary } from '../support/simulators/wecom/seed-directory.js';
import { startWecomTestEnv, TEST_AES_KEY, TEST_TOKEN, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let seed: SeedSummary;
const preExisting = new Map<string, string>(); // external user id → customer id bound by phone

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  seed = seedDirectory(env.sim, { staff: 20, contacts: 2000 });
  // Customers entered by hand whose phone equals a remark mobile in WeCom (every 7th contact has one).
  const admin = await env.app.login('boss', 'admin');
  for (const i of [0, 7, 14, 700, 1400]) {
    const follow = env.sim.followsOf(seedContactId(i))[0]!;
    const res = await env.app.request('POST', '/api/customers', { token: admin, body: { name: `老客户${i}`, phones: follow.remark_mobiles } });
    expect(res.status).toBe(201);
    preExisting.set(seedContactId(i), res.body.id);
  }
});
afterAll(async () => {
  await env.close();
  await db.drop();
});

describe('full sync', () => {
  test('2,000 contacts across 20 staff: progress reported, every contact upserted and bound correctly', { timeout: 300_000 }, async () => {
    const progress: SyncProgress[] = [];
    const started = Date.now();
    const { done } = await startWecomSync({
      tenantId: env.app.service.deps.defaultTenantId,
      client: wecomApiClient(env.app.config),
      trigger: 'cli',
      onProgress: (p) => progress.push(p),
    });
    const report = await done;
    const seconds = (Date.now() - started) / 1000;
    console.log(`sync of ${report.contacts} contacts / ${report.relations} relations took ${seconds.toFixed(1)} s (${report.pages} pages)`);

    expect(report).toMatchObject({ phase: 'done', staff: 20, contacts: 2000, relations: seed.followCount, removed: 0 });
    expect(report.bound).toBe(2000);
    // Progress moves forward only and passes through every phase.
    const contactsSeen = progress.map((p) => p.contacts);
    expect(contactsSeen).toEqual([...contactsSeen].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['tags', 'staff', 'contacts', 'cleanup', 'done']));
    expect(progress.filter((p) => p.phase === 'contacts').length).toBeGreaterThan(10);

    expect(await ExternalContact.countDocuments()).toBe(2000);
    expect(await ExternalContact.countDocuments({ customerId: null })).toBe(0);
    expect(await Staff.countDocuments({ userId: /^sales\d\d$/ })).toBe(20);
    expect(await CorpTag.countDocuments({ deleted: false })).toBe(5);
    // One customer per contact, except the five bound by phone to customers entered by hand.
    expect(await Customer.countDocuments({ source: /^WeCom/ })).toBe(2000 - preExisting.size);
    for (const [externalUserId, customerId] of preExisting) {
      expect(String((await ExternalContact.findOne({ externalUserId }).lean())!.customerId)).toBe(customerId);
    }
    // Contact 50 has three followers: owner = earliest (sales11), the other two collaborate.
    const c50 = (await ExternalContact.findOne({ externalUserId: seedContactId(50) }).lean())!;
    expect(c50.followUsers.map((f) => f.userId).sort()).toEqual([seedStaffId(10), seedStaffId(11), seedStaffId(12)]);
    const customer50 = (await Customer.findById(c50.customerId).lean())!;
    const staffByUser = new Map((await Staff.find().lean()).map((s) => [s.userId, String(s._id)]));
    expect(String(customer50.ownerId)).toBe(staffByUser.get(seedStaffId(10)));
    expect(customer50.collaboratorIds.map(String).sort()).toEqual([staffByUser.get(seedStaffId(11)), staffByUser.get(seedStaffId(12))].sort());
    expect(customer50).toMatchObject({ name: '客户0050-0', stage: 'lead', source: 'WeCom:expo2024' });
    expect(await Activity.countDocuments({ type: 'contact_added' })).toBe(seed.followCount);
  });

  test('a second run changes nothing; a relation deleted in WeCom (its callback lost) is repaired', { timeout: 300_000 }, async () => {
    const customers = await Customer.countDocuments();
    const activities = await Activity.countDocuments();
    env.sim.removeFollow(seedStaffId(1), seedContactId(21));
    // A relation WeCom does not list but a fact newer than the run's start says is active (a callback
    // racing the sync): it is neither removed nor counted as removed.
    const racing = env.sim.followsOf(seedContactId(22)).some((f) => f.userid === seedStaffId(19)) ? seedStaffId(18) : seedStaffId(19);
    const future = new Date(Date.now() + 3_600_000);
    const racingStaff = (await Staff.findOne({ userId: racing }).lean())!;
    const before22 = (await ExternalContact.findOne({ externalUserId: seedContactId(22) }).lean())!;
    // Already collaborating (as the callback's settle would have made them), so the run writes nothing for it.
    await Customer.updateOne({ _id: before22.customerId }, { $addToSet: { collaboratorIds: racingStaff._id } });
    await ExternalContact.updateOne(
      { externalUserId: seedContactId(22) },
      { $push: { followUsers: { userId: racing, staffId: racingStaff._id, status: 'active', removedBy: null, statusAt: future, remarkMobiles: [], tags: [], addedAt: future, syncedAt: null } } },
    );
    const { done } = await startWecomSync({ tenantId: env.app.service.deps.defaultTenantId, client: wecomApiClient(env.app.config), trigger: 'admin' });
    const report = await done;
    // Contact 21 had a single follower: WeCom no longer lists it at all.
    expect(report).toMatchObject({ contacts: 1999, removed: 1 });
    const c22 = (await ExternalContact.findOne({ externalUserId: seedContactId(22) }).lean())!;
    expect(c22.followUsers.find((f) => f.userId === racing)).toMatchObject({ status: 'active' });
    expect(await Customer.countDocuments()).toBe(customers);
    const c21 = (await ExternalContact.findOne({ externalUserId: seedContactId(21) }).lean())!;
    expect(c21).toMatchObject({ status: 'removed' });
    expect(c21.followUsers[0]).toMatchObject({ userId: seedStaffId(1), status: 'removed', removedBy: 'sync' });
    const added = await Activity.find({}, { type: 1 }).skip(activities).lean();
    expect(added.map((a) => a.type)).toEqual(['contact_removed']);
  });

  test('npm run wecom:sync prints progress and finishes', { timeout: 300_000 }, async () => {
    const child = spawn('npx', ['tsx', 'scripts/wecom-sync.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        MONGODB_URI: `${db.uri}/${db.dbName}`,
        WECOM_CORP_ID: env.sim.corpId,
        WECOM_SECRET: env.sim.secret,
        WECOM_AGENT_ID: String(env.sim.agentId),
        WECOM_TOKEN: TEST_TOKEN,
        WECOM_AES_KEY: TEST_AES_KEY,
        WECOM_API_BASE: env.sim.baseUrl,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/\[contacts\] staff 20 · pages \d+ · contacts \d+/);
    expect(out).toMatch(/WeCom sync done in [\d.]+ s: 1999 contacts/);
  });

  test('admin endpoint: 202 and pollable progress; 409 while one runs; salespeople may not', { timeout: 300_000 }, async () => {
    const admin = await env.app.login('boss', 'admin');
    const sales = await env.app.login(seedStaffId(3), 'sales');
    expect((await env.app.request('POST', '/api/admin/wecom/sync', { token: sales })).status).toBe(403);
    const started = await env.app.request('POST', '/api/admin/wecom/sync', { token: admin });
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({ trigger: 'admin', status: 'running' });
    expect((await env.app.request('POST', '/api/admin/wecom/sync', { token: admin })).status).toBe(409);
    let run = started.body.run;
    const deadline = Date.now() + 240_000;
    while (run.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      run = (await env.app.request('GET', `/api/admin/wecom/sync/${run.id}`, { token: admin })).body.run;
    }
    expect(run).toMatchObject({ status: 'done', progress: { contacts: 1999, phase: 'done' } });
    const list = await env.app.request('GET', '/api/admin/wecom/sync', { token: admin });
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
  });
});
