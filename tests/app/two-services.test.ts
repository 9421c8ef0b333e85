import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Staff } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { textMessageXml } from '../support/simulators/wecom/callback-xml.js';
import { buildSignedCallback, type CallbackApp } from '../support/simulators/wecom/signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

// Two services built in one process (as tests and a CLI beside the server do), each with its own
// WeCom app: every registry is per instance, so neither may answer with the other's token or send
// through the other's API base.
interface Side {
  sim: WecomSimulator;
  app: TestApp;
  callback: CallbackApp;
}

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let a: Side;
let b: Side;

async function startSide(corpId: string, token: string, encodingAesKey: string): Promise<Side> {
  const sim = await startWecomSimulator({ corpId });
  const app = await startTestApp({
    env: {
      WECOM_CORP_ID: corpId,
      WECOM_SECRET: sim.secret,
      WECOM_AGENT_ID: String(sim.agentId),
      WECOM_TOKEN: token,
      WECOM_AES_KEY: encodingAesKey,
      WECOM_API_BASE: sim.baseUrl,
    },
  });
  sim.addStaff({ userid: 'wang', name: '王销售', department: [1] });
  return { sim, app, callback: { token, encodingAesKey, corpId, agentId: sim.agentId } };
}

beforeAll(async () => {
  db = await useTestDatabase();
  a = await startSide('wwcorpalpha0000001', 'alphaToken01', 'A'.repeat(21) + 'a'.repeat(22));
  b = await startSide('wwcorpbeta00000002', 'betaToken02', 'B'.repeat(21) + 'b'.repeat(22));
  await Staff.create({ tenantId: a.app.service.deps.defaultTenantId, userId: 'wang', name: '王销售', role: 'sales', departments: ['1'] });
});
afterAll(async () => {
  for (const side of [a, b]) {
    await side?.app.close();
    await side?.sim.close();
  }
  await db?.drop();
});

function post(to: Side, signedFor: Side, content: string) {
  const msgId = String(randomInt(1, 2 ** 47));
  const signed = buildSignedCallback(
    signedFor.callback,
    textMessageXml({ corpId: signedFor.callback.corpId, from: 'wang', content, msgId, agentId: signedFor.sim.agentId }),
  );
  return to.app.request('POST', signed.path, { rawBody: signed.body, headers: { 'content-type': 'text/xml' } });
}

test('each service verifies callbacks with its own token and key', async () => {
  expect((await post(a, b, '/帮助')).status).toBe(400);
  expect((await post(b, a, '/帮助')).status).toBe(400);
  expect(await InboxEvent.countDocuments({})).toBe(0);
  expect((await post(a, a, '/帮助')).status).toBe(200);
  expect((await post(b, b, '/待办')).status).toBe(200);
  expect(await InboxEvent.countDocuments({})).toBe(2);
  await InboxEvent.deleteMany({});
});

test('each service handles commands with its own handlers and sends replies through its own API base', async () => {
  expect((await post(a, a, '/帮助')).status).toBe(200);
  expect(await a.app.service.deps.inbox.drain()).toBe(1);
  expect(await a.app.service.deps.outbox.drain()).toBe(1);
  expect(a.sim.deliveredMessages()).toHaveLength(1);
  expect(b.sim.deliveredMessages()).toHaveLength(0);

  expect((await post(b, b, '/待办')).status).toBe(200);
  expect(await b.app.service.deps.inbox.drain()).toBe(1);
  expect(await b.app.service.deps.outbox.drain()).toBe(1);
  expect(b.sim.deliveredMessages()).toHaveLength(1);
  expect(a.sim.deliveredMessages()).toHaveLength(1);
  // Each simulator saw a token request from its own service only.
  expect(a.sim.deliveredMessages()[0]!.deliveredTo).toEqual(['wang']);
  expect(b.sim.deliveredMessages()[0]!.deliveredTo).toEqual(['wang']);
});

test('registries are per instance: a handler added to one service is unknown to the other', () => {
  const kindsA = a.app.service.deps.inboxHandlers.kinds();
  expect(kindsA).toEqual(b.app.service.deps.inboxHandlers.kinds());
  a.app.service.deps.jobs.add({ name: 'only-in-a', run: async () => null });
  expect(a.app.service.deps.jobs.list().map((j) => j.name)).toContain('only-in-a');
  expect(b.app.service.deps.jobs.list().map((j) => j.name)).not.toContain('only-in-a');
  expect(a.app.service.deps.outboundSenders.find('wecom')).not.toBe(b.app.service.deps.outboundSenders.find('wecom'));
});
