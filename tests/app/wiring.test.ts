import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Staff } from '../../src/crm/models/staff.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { startWecomTestEnv, type WecomTestEnv } from '../support/simulators/wecom/wecom-test-env.js';
import { useTestDatabase } from '../support/test-db.js';

// The full module list, wired by buildService and started as main starts it: the effect of the
// wiring is observed from outside (HTTP in, the simulated WeCom API out), nothing is drained by hand.
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let env: WecomTestEnv;
let stopBackground: () => Promise<void>;
beforeAll(async () => {
  db = await useTestDatabase();
  env = await startWecomTestEnv();
  env.sim.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  await Staff.create({ tenantId: env.app.service.deps.defaultTenantId, userId: 'wang', name: '王销售', role: 'sales', departments: ['1'] });
  stopBackground = await env.app.service.startBackground();
});
afterAll(async () => {
  await stopBackground?.();
  await env?.close();
  await db?.drop();
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a signed WeCom command flows callback → inbox worker → command handler → outbox worker → WeCom API, and the admin API sees it done', async () => {
  const msgId = String(randomInt(1, 2 ** 47));
  const answer = await env.post(
    textMessageXml({ corpId: env.sim.corpId, from: 'wang', content: '/帮助', msgId, agentId: env.sim.agentId }),
  );
  expect(answer.status).toBe(200);

  const reply = await waitFor('the reply on the WeCom simulator', () =>
    env.sim.deliveredMessages().find((m) => m.deliveredTo.includes('wang')),
  );
  expect(JSON.stringify(reply.body)).toMatch(/客户|跟进/);

  const admin = await env.app.login('root', 'admin');
  const done = await env.app.request('GET', '/api/admin/inbox?status=done', { token: admin });
  expect(done.status).toBe(200);
  expect(done.body.items).toEqual([expect.objectContaining({ kind: 'command', status: 'done', platform: 'wecom' })]);
  const sent = await env.app.request('GET', '/api/admin/outbox?status=sent', { token: admin });
  expect(sent.body.items).toEqual([expect.objectContaining({ platform: 'wecom', status: 'sent', to: { type: 'user', platformUserId: 'wang' } })]);
});

test('/metrics serves this instance’s registry with the queue depth gauges', async () => {
  const res = await fetch(`${env.app.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toContain('chatcrm_inbox_events');
  expect(text).toContain('chatcrm_outbox_messages');
  expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/callbacks\/wecom"/);
});
