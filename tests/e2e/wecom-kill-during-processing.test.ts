import { afterAll, beforeAll, expect, test } from 'vitest';
import { ExternalContact } from '../../src/crm/contacts/external-contact-model.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { useTestDatabase } from '../support/test-db.js';
import { isAlive, spawnFixture, type Fixture } from '../support/spawn-fixture.js';
import { startWecomTestEnv, TEST_AES_KEY, TEST_TOKEN, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let fixture: Fixture | undefined;

beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
});
afterAll(async () => {
  fixture?.child.kill('SIGKILL');
  await env.close();
  await db.drop();
});

test('a WeCom event acknowledged, then its worker killed (-9) mid-handler, is processed after restart — once', { timeout: 120_000 }, async () => {
  env.sim.addStaff({ userid: 'sales01', name: '销售01', department: [1] });
  env.sim.addContact({ external_userid: 'wmKill', name: '九号', type: 1 });
  env.sim.addFollow({ userid: 'sales01', external_userid: 'wmKill', createtime: 1_700_000_000 });
  const ack = await env.post(env.contactEvent({ changeType: 'add_external_contact', userId: 'sales01', externalUserId: 'wmKill', createTime: 1_700_000_000 }));
  expect(ack).toEqual({ status: 200, body: '' });
  const [accepted] = await InboxEvent.find({ 'payload.externalUserId': 'wmKill' }).lean();
  expect(accepted!.status).toBe('pending');

  // The worker will hang inside the handler, on WeCom's user/get, until it is killed.
  env.sim.delayNext('user/get', 60_000);

  fixture = spawnFixture('wecom-inbox-worker', {
    MONGO_URI: db.uri,
    DB_NAME: db.dbName,
    LOCK_MS: '1500',
    WECOM_CORP_ID: env.sim.corpId,
    WECOM_SECRET: env.sim.secret,
    WECOM_AGENT_ID: String(env.sim.agentId),
    WECOM_TOKEN: TEST_TOKEN,
    WECOM_AES_KEY: TEST_AES_KEY,
    WECOM_API_BASE: env.sim.baseUrl,
  });
  const [, pid] = await fixture.waitForLine(/^WORKER_READY (\d+)$/);
  const deadline = Date.now() + 30_000;
  while (env.sim.callCount('user/get') === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(env.sim.callCount('user/get')).toBe(1);
  expect((await InboxEvent.findById(accepted!._id).lean())!).toMatchObject({ status: 'processing', attempts: 1 });

  process.kill(Number(pid), 'SIGKILL');
  await fixture.exited;
  expect(isAlive(Number(pid))).toBe(false);
  expect(await Customer.countDocuments()).toBe(0);

  // Restart: once the dead worker's lock expires, the event is claimed again and finished.
  const until = Date.now() + 20_000;
  while ((await InboxEvent.findById(accepted!._id).lean())!.status !== 'done' && Date.now() < until) {
    await env.drain();
    await new Promise((r) => setTimeout(r, 200));
  }
  const done = (await InboxEvent.findById(accepted!._id).lean())!;
  expect(done).toMatchObject({ status: 'done', attempts: 2 });
  const contact = (await ExternalContact.findOne({ externalUserId: 'wmKill' }).lean())!;
  expect(contact.customerId).not.toBeNull();
  expect(await Customer.countDocuments()).toBe(1);
  expect(await Activity.countDocuments({ type: 'contact_added', 'data.externalUserId': 'wmKill' })).toBe(1);
});
