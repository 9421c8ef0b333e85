import { afterAll, beforeAll, expect, test } from 'vitest';
import { AccessTokenModel } from '../../src/channels/shared/access-token-cache.js';
import { createWecomApiClient } from '../../src/channels/wecom/api/wecom-api-client.js';
import { createWecomSender } from '../../src/channels/wecom/send-wecom-message.js';
import { DigestRun } from '../../src/crm/digests/digest-run.js';
import { utf8Bytes } from '../../src/channels/shared/truncate-utf8.js';
import { createDigestJob } from '../../src/jobs/run-due-digests.js';
import { createLogger } from '../../src/logger.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { seedCustomer, seedFollowUp, seedStaff, seedTenant, sh } from '../support/seed-digest-data.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { useTestDatabase } from '../support/test-db.js';
import { outboxUnderTest } from '../support/queues-under-test.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';

// The outbox of this test's one service instance.
const { outbox, senders } = outboxUnderTest();

const logger = createLogger('silent');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;
let unregister: () => void;
let managerUserId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  await AccessTokenModel.deleteMany({});
  sim = await startWecomSimulator();
  const client = createWecomApiClient({ baseUrl: sim.baseUrl, corpId: sim.corpId, secret: sim.secret, agentId: sim.agentId, busyRetryBaseMs: 1 });
  unregister = senders.add('wecom', createWecomSender(() => client));
  const tenant = await seedTenant('wecom-digest');
  const manager = await seedStaff(tenant._id, '大区经理', 'manager', ['华东大区']);
  managerUserId = manager.userId;
  sim.addStaff({ userid: manager.userId, name: manager.name, department: [1] });
  // A department of 50 reps: the per-rep list alone is longer than one WeCom markdown message.
  for (let i = 0; i < 50; i++) {
    const rep = await seedStaff(tenant._id, `华东销售代表第${String(i).padStart(2, '0')}号`, 'sales', ['华东大区']);
    if (i % 2 === 0) {
      const customer = await seedCustomer(tenant._id, rep._id, `客户${i}`);
      await seedFollowUp(tenant._id, customer._id, rep._id, sh('2025-03-18 11:00'));
    }
  }
});
afterAll(async () => {
  unregister();
  await sim.close();
  await db.drop();
});

test('a long daily digest reaches WeCom as numbered markdown parts within 2048 bytes, each once despite a rate-limited send', async () => {
  const report = await createDigestJob({ defaultChannel: 'wecom', outbox, renderers: renderersUnderTest(), logger, dashboardUrl: 'https://crm.example.com/sidebar/dashboard.html' }).run({
    now: sh('2025-03-18 18:05'),
    instanceId: 'solo',
    stillLeader: async () => true,
  });
  expect(report).toMatchObject({ built: 1, enqueued: 1 });
  const run = (await DigestRun.findOne({ kind: 'daily' }).lean())!;
  const parts = run.messages!.length;
  expect(parts).toBeGreaterThanOrEqual(2);
  expect(await OutboxMessage.countDocuments()).toBe(parts);

  sim.failNext('message/send', 45009); // WeCom: api freq out of limit
  const at = (iso: string) => ({ now: () => new Date(iso), logger, backoff: { baseMs: 1_000, maxMs: 60_000 } });
  await outbox.drain(at('2025-03-18T10:05:30Z'));
  expect(await OutboxMessage.countDocuments({ status: 'pending' })).toBe(1);
  await outbox.drain(at('2025-03-18T10:10:00Z'));
  expect(await OutboxMessage.countDocuments({ status: 'sent' })).toBe(parts);
  expect(await outbox.drain(at('2025-03-19T10:00:00Z'))).toBe(0);

  const delivered = sim.deliveredMessages();
  expect(delivered).toHaveLength(parts);
  const contents = delivered.map((m) => {
    expect(m.body).toMatchObject({ touser: managerUserId, msgtype: 'markdown' });
    return (m.body.markdown as { content: string }).content;
  });
  for (const c of contents) expect(utf8Bytes(c)).toBeLessThanOrEqual(2048);
  expect(contents.map((c) => /（(\d)\/(\d)）/.exec(c)![0]).sort()).toEqual(
    Array.from({ length: parts }, (_, i) => `（${i + 1}/${parts}）`),
  );
  const all = contents.join('\n');
  for (let i = 0; i < 50; i++) expect(all).toContain(`华东销售代表第${String(i).padStart(2, '0')}号 `);
  expect(all).toContain('[查看团队看板](https://crm.example.com/sidebar/dashboard.html)');
});
