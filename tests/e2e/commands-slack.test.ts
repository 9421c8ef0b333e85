import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { computeSlackSignature } from '../../src/channels/slack/verify-request.js';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { OutboxMessage } from '../../src/queue/outbox/outbox-message-model.js';
import { actorFor } from '../support/actor-for.js';
import { slackAppEnv, startSlackSimulator, type SlackSimulator } from '../support/simulators/slack/slack-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Chat commands end to end on Slack: signed slash commands and Events API callbacks through the real
 * Koa routes, the inbox, the command runtime on the real database, the outbox and the Slack sender,
 * to the simulator's response_url and chat.postMessage.
 */
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: SlackSimulator;
let app: TestApp;
let wang: StaffDoc;
let li: StaffDoc;
const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startSlackSimulator();
  app = await startTestApp({ env: { ...slackAppEnv(sim, SIGNING_SECRET), PUBLIC_BASE_URL: 'https://crm.example.com' } });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: 'Wang', role: 'sales', departments: ['east'], slackUserId: 'U_WANG' });
  li = await Staff.create({ tenantId: tenantId(), userId: 'li', name: 'Li', role: 'sales', departments: ['west'], email: 'li@example.com' });
  sim.addUser({ id: 'U_LI', name: 'Li', email: 'li@example.com' });
  const acme = await createCustomer(actorFor(wang, 'import'), { name: 'Acme', company: 'Acme Corp', phones: ['13800138000'], tags: ['VIP'] });
  await logFollowUp(actorFor(wang, 'import'), acme._id, { content: 'sent the quote', channel: 'email' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

function signed(rawBody: string, contentType: string, options: { timestamp?: number; secret?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    rawBody,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': computeSlackSignature(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
    },
  };
}

function slashCommand(userId: string, text: string) {
  const { url, hook } = sim.createResponseUrl();
  const form = new URLSearchParams({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C_SALES',
    channel_name: 'sales',
    user_id: userId,
    user_name: 'someone',
    command: '/crm',
    text,
    api_app_id: 'A1',
    response_url: url,
    trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
  });
  return { raw: form.toString(), hook };
}

const form = 'application/x-www-form-urlencoded';
const runQueues = async () => {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
};

describe('Slack slash commands', () => {
  test('"/crm customer Acme" is acknowledged at once and answered with Block Kit on its response_url', async () => {
    const { raw, hook } = slashCommand('U_WANG', 'customer Acme');
    const res = await app.request('POST', '/callbacks/slack/commands', signed(raw, form));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    await runQueues();
    expect(sim.posts).toHaveLength(1);
    const post = sim.posts[0]!;
    expect(post).toMatchObject({ via: 'response_url', hook, body: { response_type: 'ephemeral' } });
    const blocks = post.body.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(String(post.body.text)).toContain('Acme');
    const all = JSON.stringify(post.body);
    for (const expected of ['Acme Corp', 'Wang', 'VIP', 'sent the quote', 'https://crm.example.com/sidebar/?customerId=']) expect(all).toContain(expected);
  });

  test('forged, stale and unsigned requests get 401 and nothing is stored', async () => {
    const before = await InboxEvent.countDocuments();
    const { raw } = slashCommand('U_WANG', 'customer Acme');
    const attempts = [
      signed(raw, form, { secret: 'not-the-secret' }),
      signed(raw, form, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
      { rawBody: raw, headers: { 'content-type': form } },
      { ...signed(raw, form), rawBody: raw.replace('customer', 'customers') },
    ];
    for (const attempt of attempts) expect((await app.request('POST', '/callbacks/slack/commands', attempt)).status).toBe(401);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('ssl_check is answered and stores nothing', async () => {
    const before = await InboxEvent.countDocuments();
    expect((await app.request('POST', '/callbacks/slack/commands', signed('ssl_check=1&token=x', form))).status).toBe(200);
    expect((await app.request('GET', '/callbacks/slack/commands?ssl_check=1')).status).toBe(200);
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('an unlinked Slack user is linked by users.info email and runs under their own scope', async () => {
    const { raw } = slashCommand('U_LI', 'customer Acme');
    expect((await app.request('POST', '/callbacks/slack/commands', signed(raw, form))).status).toBe(200);
    await runQueues();
    expect((await Staff.findById(li._id).lean())!.slackUserId).toBe('U_LI');
    const all = JSON.stringify(sim.posts[0]!.body);
    // An English command about a Latin-named customer is answered in English (issue 13: the language of the command).
    expect(all).toContain('No customer \\"Acme\\" found.');
    expect(all).not.toContain('Acme Corp');
  });
});

describe('Slack Events API', () => {
  const json = 'application/json';
  const mention = (eventId: string, text: string) =>
    JSON.stringify({
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      team_id: 'T1',
      event: { type: 'app_mention', user: 'U_WANG', text: `<@U_BOT> ${text}`, channel: 'C_SALES', ts: '1700000000.000100' },
    });

  test('url_verification echoes the challenge (signed only)', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'ch-123', type: 'url_verification' });
    const res = await app.request('POST', '/callbacks/slack/events', signed(body, json));
    expect(res).toMatchObject({ status: 200, body: { challenge: 'ch-123' } });
    expect((await app.request('POST', '/callbacks/slack/events', { rawBody: body, headers: { 'content-type': json } })).status).toBe(401);
  });

  test('an @mention is answered in its thread with chat.postMessage; Slack retries are processed once', async () => {
    const eventId = `Ev${randomBytes(5).toString('hex')}`;
    const body = mention(eventId, 'customer Acme');
    expect((await app.request('POST', '/callbacks/slack/events', signed(body, json))).status).toBe(200);
    const retry = signed(body, json);
    const res = await app.request('POST', '/callbacks/slack/events', { ...retry, headers: { ...retry.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(res.status).toBe(200);
    await runQueues();
    expect(await InboxEvent.countDocuments({ dedupeKey: `slack:event:${eventId}` })).toBe(1);
    expect(sim.posts).toHaveLength(1);
    expect(sim.posts[0]).toMatchObject({ via: 'chat.postMessage', channel: 'C_SALES', threadTs: '1700000000.000100' });
    expect(JSON.stringify(sim.posts[0]!.body)).toContain('Acme Corp');
  });

  test('HTTP 429 from chat.postMessage is retried after its Retry-After', async () => {
    sim.throttle('/api/chat.postMessage', 7);
    const eventId = `Ev${randomBytes(5).toString('hex')}`;
    expect((await app.request('POST', '/callbacks/slack/events', signed(mention(eventId, 'help'), json))).status).toBe(200);
    const started = Date.now();
    await runQueues();
    expect(sim.posts).toHaveLength(0);
    const queued = await OutboxMessage.findOne({ platform: 'slack', status: 'pending' }).lean();
    expect(queued!.lastError).toContain('rate limit');
    expect(queued!.nextAttemptAt.getTime() - started).toBeGreaterThanOrEqual(6_000);
    await OutboxMessage.updateOne({ _id: queued!._id }, { $set: { nextAttemptAt: new Date(0) } });
    await app.service.deps.outbox.drain();
    expect(sim.posts).toHaveLength(1);
  });
});

describe('Slack is off without its settings', () => {
  test('its routes answer 404', async () => {
    const bare = await startTestApp();
    try {
      expect((await bare.request('POST', '/callbacks/slack/commands', { rawBody: 'x=1', headers: { 'content-type': form } })).status).toBe(404);
      expect((await bare.request('POST', '/callbacks/slack/events', { body: { type: 'url_verification', challenge: 'c' } })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
