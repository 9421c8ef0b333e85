import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SlackInstallation } from '../../src/channels/slack/slack-installation-model.js';
import { computeSlackSignature } from '../../src/channels/slack/verify-request.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer, type CustomerDoc } from '../../src/crm/models/customer.js';
import { Staff, type StaffDoc } from '../../src/crm/models/staff.js';
import { InboxEvent } from '../../src/queue/inbox/inbox-event-model.js';
import { actorFor } from '../support/actor-for.js';
import { slackAppEnv, startSlackSimulator, type SlackSimulator } from '../support/simulators/slack/slack-simulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

/**
 * Slack interactivity and install over real HTTP against the simulator: Block Kit buttons on the
 * customer card, signed block_actions at POST /callbacks/slack/interactivity changing the customer
 * and replacing the card through its response_url, the follow-up modal (views.open, validation
 * errors, view_submission), and the OAuth v2 install storing each workspace's token sealed.
 */
const SIGNING_SECRET = 'slack-card-actions-signing-secret';
const form = 'application/x-www-form-urlencoded';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: SlackSimulator;
let app: TestApp;
let wang: StaffDoc;
let acme: CustomerDoc;
const tenantId = () => app.service.deps.defaultTenantId;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startSlackSimulator();
  app = await startTestApp({
    env: { ...slackAppEnv(sim, SIGNING_SECRET), SLACK_CLIENT_ID: sim.clientId, SLACK_CLIENT_SECRET: sim.clientSecret, PUBLIC_BASE_URL: 'https://crm.example.com' },
  });
  wang = await Staff.create({ tenantId: tenantId(), userId: 'wang', name: 'Wang', role: 'sales', departments: ['east'], slackUserId: 'U_WANG' });
  await Staff.create({ tenantId: tenantId(), userId: 'li', name: 'Li', role: 'sales', departments: ['west'], slackUserId: 'U_LI' });
  acme = await createCustomer(actorFor(wang, 'import'), { name: 'Acme', company: 'Acme Corp' });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.drop();
});
beforeEach(() => sim.reset());

function signed(rawBody: string, options: { timestamp?: number; secret?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return { rawBody, headers: { 'content-type': form, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': computeSlackSignature(options.secret ?? SIGNING_SECRET, timestamp, rawBody) } };
}
const interact = (payload: unknown, options?: { timestamp?: number; secret?: string }) =>
  app.request('POST', '/callbacks/slack/interactivity', signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options));
const runQueues = async () => {
  await app.service.deps.inbox.drain();
  await app.service.deps.outbox.drain();
};

type Button = { action_id: string; value: string; text: { text: string } };

/** `/crm customer Acme` → the card's Block Kit buttons as posted to the response_url. */
async function customerCard(): Promise<Button[]> {
  const { url } = sim.createResponseUrl();
  const raw = new URLSearchParams({
    team_id: 'T_ENV', channel_id: 'C_SALES', user_id: 'U_WANG', command: '/crm', text: 'customer Acme', response_url: url, trigger_id: sim.createTriggerId(),
  }).toString();
  expect((await app.request('POST', '/callbacks/slack/commands', signed(raw))).status).toBe(200);
  await runQueues();
  const blocks = sim.posts[0]!.body.blocks as Array<{ type: string; block_id?: string; elements?: Button[] }>;
  sim.reset();
  return blocks.find((b) => b.type === 'actions' && b.block_id === 'crm_actions')!.elements!;
}

function blockActions(button: Button, options: { user?: string; triggerId?: string } = {}) {
  const { url, hook } = sim.createResponseUrl();
  return {
    hook,
    payload: {
      type: 'block_actions',
      user: { id: options.user ?? 'U_WANG', team_id: 'T_ENV' },
      team: { id: 'T_ENV', domain: 'acme' },
      api_app_id: 'A1',
      trigger_id: options.triggerId ?? sim.createTriggerId(),
      response_url: url,
      container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C_SALES', is_ephemeral: true },
      channel: { id: 'C_SALES' },
      actions: [{ action_id: button.action_id, block_id: 'crm_actions', value: button.value, type: 'button', action_ts: String(Date.now() / 1000) }],
    },
  };
}

describe('Slack card buttons', () => {
  test('the customer card carries Block Kit buttons for log follow-up, next stage and snooze', async () => {
    const buttons = await customerCard();
    expect(buttons.map((b) => b.action_id)).toEqual(['crm:log_follow_up:0', 'crm:change_stage:1', 'crm:snooze:2']);
    expect(JSON.parse(buttons[1]!.value)).toEqual({ customerId: String(acme._id), stage: 'intent' });
  });

  test('a stage button moves the customer and replaces the card via response_url; a redelivery is processed once', async () => {
    const buttons = await customerCard();
    const press = blockActions(buttons[1]!);
    expect((await interact(press.payload)).status).toBe(200);
    expect((await interact(press.payload)).status).toBe(200);
    await runQueues();
    expect(await InboxEvent.countDocuments({ dedupeKey: `slack:action:${press.payload.trigger_id}` })).toBe(1);
    expect((await Customer.findById(acme._id).lean())!.stage).toBe('intent');
    expect(await Activity.countDocuments({ customerId: acme._id, type: 'stage_changed' })).toBe(1);
    expect(sim.posts).toHaveLength(1);
    expect(sim.posts[0]).toMatchObject({ via: 'response_url', hook: press.hook, body: { replace_original: true } });
    const card = JSON.stringify(sim.posts[0]!.body);
    expect(card).toContain('stage changed');
    expect(card).toContain('crm:change_stage');
  });

  test('forged, stale and unsigned presses get 401; nothing stored or changed', async () => {
    const buttons = await customerCard();
    const before = await InboxEvent.countDocuments();
    const press = blockActions({ ...buttons[1]!, value: JSON.stringify({ customerId: String(acme._id), stage: 'lost' }) });
    const body = new URLSearchParams({ payload: JSON.stringify(press.payload) }).toString();
    expect((await interact(press.payload, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await interact(press.payload, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await app.request('POST', '/callbacks/slack/interactivity', { rawBody: body, headers: { 'content-type': form } })).status).toBe(401);
    await runQueues();
    expect(await InboxEvent.countDocuments()).toBe(before);
    expect((await Customer.findById(acme._id).lean())!.stage).not.toBe('lost');
    expect(sim.posts).toHaveLength(0);
  });

  test('link buttons and unknown payload types are acknowledged and store nothing; a payload-less form is a 400', async () => {
    const before = await InboxEvent.countDocuments();
    const link = blockActions({ action_id: 'link_0', value: '', text: { text: 'Open' } });
    expect((await interact(link.payload)).status).toBe(200);
    expect((await interact({ type: 'shortcut', callback_id: 'x', trigger_id: 't', user: { id: 'U_WANG' } })).status).toBe(200);
    const res = await app.request('POST', '/callbacks/slack/interactivity', signed('nothing=here'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('payload');
    expect(await InboxEvent.countDocuments()).toBe(before);
  });
});

describe('Slack follow-up modal', () => {
  async function openModal() {
    const buttons = await customerCard();
    const press = blockActions(buttons[0]!);
    expect((await interact(press.payload)).status).toBe(200);
    for (let i = 0; i < 100 && sim.views.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sim.views).toHaveLength(1);
    return sim.views[0]!.view;
  }

  const submission = (view: Record<string, any>, values: { content?: string; date?: string | null; stage?: string }) => ({
    type: 'view_submission',
    team: { id: 'T_ENV' },
    user: { id: 'U_WANG' },
    view: {
      id: `V${randomBytes(5).toString('hex')}`,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      hash: 'h',
      state: {
        values: {
          content: { content: { type: 'plain_text_input', value: values.content ?? null } },
          next_date: { next_date: { type: 'datepicker', selected_date: values.date ?? null } },
          stage: { stage: { type: 'static_select', selected_option: values.stage ? { value: values.stage } : null } },
        },
      },
    },
  });

  test('the log-follow-up button opens the modal with a date picker and the tenant’s stages', async () => {
    const view = await openModal();
    expect(view.callback_id).toBe('crm_follow_up');
    const elements = (view.blocks as Array<{ element: { type: string; options?: Array<{ value: string }> } }>).map((b) => b.element);
    expect(elements.map((e) => e.type)).toEqual(['plain_text_input', 'datepicker', 'static_select']);
    expect(elements[2]!.options!.map((o) => o.value)).toEqual(['lead', 'intent', 'negotiating', 'won', 'lost']);
    expect(JSON.parse(view.private_metadata as string)).toMatchObject({ customerId: String(acme._id) });
  });

  test('an empty note or a past date comes back as response_action errors and nothing is stored', async () => {
    const view = await openModal();
    const before = await InboxEvent.countDocuments();
    const res = await interact(submission(view, { content: '   ', date: '2020-01-01' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(res.body.errors).sort()).toEqual(['content', 'next_date']);
    expect((await interact(submission(view, { content: 'ok', date: '2031-02-30' }))).body).toMatchObject({ response_action: 'errors', errors: { next_date: expect.any(String) } });
    expect(await InboxEvent.countDocuments()).toBe(before);
  });

  test('a valid submission logs the follow-up with its next date, moves the stage and replaces the card; a resubmission is processed once', async () => {
    const view = await openModal();
    const before = await Activity.countDocuments({ customerId: acme._id, type: 'follow_up' });
    const sub = submission(view, { content: 'demo booked', date: '2031-05-06', stage: 'negotiating' });
    const res = await interact(sub);
    expect(res.status).toBe(200);
    expect(res.body).toBeFalsy();
    expect((await interact(sub)).status).toBe(200);
    await runQueues();
    const after = await Customer.findById(acme._id).lean();
    expect(after!.stage).toBe('negotiating');
    expect(after!.nextFollowUpAt!.toISOString().slice(0, 10)).toBe('2031-05-06');
    const logged = await Activity.find({ customerId: acme._id, type: 'follow_up' }).lean();
    expect(logged).toHaveLength(before + 1);
    expect(logged.some((a) => a.content === 'demo booked')).toBe(true);
    expect(sim.posts.filter((p) => p.via === 'response_url' && p.body.replace_original === true)).toHaveLength(1);
  });
});

describe('Slack OAuth v2 install', () => {
  test('an admin gets the install URL; the redirect stores the workspace token sealed; that workspace is then answered with its own token', async () => {
    const sales = await app.login('wang', 'sales', ['east']);
    expect((await app.request('GET', '/api/slack/install-url', { token: sales })).status).toBe(403);
    const admin = await app.login('boss', 'admin');
    const res = await app.request('GET', '/api/slack/install-url', { token: admin });
    expect(res.status).toBe(200);
    const url = new URL(res.body.url);
    expect(url.searchParams.get('client_id')).toBe(sim.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe('https://crm.example.com/callbacks/slack/oauth');
    expect(url.searchParams.get('scope')).toContain('chat:write');
    const state = url.searchParams.get('state')!;

    const code = sim.createOAuthCode({ id: 'T_NEW', name: 'New Co' });
    const done = await app.request('GET', `/callbacks/slack/oauth?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
    expect(done.status).toBe(200);
    const stored = await SlackInstallation.findOne({ teamId: 'T_NEW' }).lean();
    expect(stored).toMatchObject({ teamName: 'New Co', tenantId: tenantId() });
    expect(stored!.botTokenSealed).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('xoxb-');

    // A mention from that workspace is answered with its token, not SLACK_BOT_TOKEN.
    const body = JSON.stringify({
      type: 'event_callback', event_id: `Ev${randomBytes(5).toString('hex')}`, team_id: 'T_NEW',
      event: { type: 'app_mention', user: 'U_WANG', text: '<@U_BOT> help', channel: 'C_NEW', ts: '1700000000.000300' },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': computeSlackSignature(SIGNING_SECRET, timestamp, body) };
    expect((await app.request('POST', '/callbacks/slack/events', { rawBody: body, headers })).status).toBe(200);
    await runQueues();
    expect(sim.posts).toHaveLength(1);
    expect(sim.posts[0]!.body.token_team).toBe('T_NEW');
  });

  test('forged, expired or missing state is refused with 401 and nothing is stored; a used code stores nothing', async () => {
    const admin = await app.login('boss', 'admin');
    const state = new URL((await app.request('GET', '/api/slack/install-url', { token: admin })).body.url).searchParams.get('state')!;
    const [tenant, expires, nonce, mac] = state.split('.');
    const forged = `${tenant}.${Number(expires) + 3600_000}.${nonce}.${mac}`;
    const expired = (await import('../../src/channels/slack/oauth-state.js')).createOAuthState(sim.clientSecret, tenant!, Date.now() - 11 * 60_000);
    const before = await SlackInstallation.countDocuments();
    for (const s of [forged, expired, 'x.y.z.w']) {
      const code = sim.createOAuthCode({ id: `T_${randomBytes(3).toString('hex')}` });
      expect((await app.request('GET', `/callbacks/slack/oauth?code=${code}&state=${encodeURIComponent(s)}`)).status).toBe(401);
    }
    expect((await app.request('GET', `/callbacks/slack/oauth?code=abc`)).status).toBe(400);
    expect((await app.request('GET', `/callbacks/slack/oauth?code=never-issued&state=${encodeURIComponent(state)}`)).status).toBe(400);
    expect(await SlackInstallation.countDocuments()).toBe(before);
  });
});
