import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Slack for tests: Web API methods ChatCRM calls under `/api` (chat.postMessage JSON,
 * users.info form-encoded) with Slack's `{ok, error}` envelopes, Block Kit limits checked as Slack
 * does (≤ 50 blocks, section text ≤ 3000 → invalid_blocks), HTTP 429 + Retry-After when throttled,
 * and slash-command response_urls (5 posts within 30 minutes, then 404 used_url / expired_url);
 * chat.update, views.open (trigger ids expire after 3 s and open one view), and oauth.v2.access
 * (client id/secret by HTTP Basic, one-use codes → a bot token per team, accepted by the Web API).
 */
export interface SlackPost {
  /** chat.update: `channel` + `body.ts`; response_url posts carry `replace_original` in `body`. */
  via: 'chat.postMessage' | 'response_url' | 'chat.update';
  channel?: string;
  threadTs?: string;
  /** response_url posts: which invocation. */
  hook?: string;
  body: Record<string, unknown>;
}

export interface SlackSimulator {
  readonly baseUrl: string;
  readonly apiBase: string;
  readonly botToken: string;
  readonly posts: SlackPost[];
  /** views.open calls (trigger ids valid 3 s, once). */
  readonly views: Array<{ triggerId: string; view: Record<string, any>; token: string }>;
  addUser(user: { id: string; name: string; email?: string }): void;
  createResponseUrl(): { url: string; hook: string };
  /** A trigger_id as Slack puts in a slash command or block_actions payload (expires in 3 s). */
  createTriggerId(): string;
  /**
   * An OAuth v2 code for a workspace (what Slack hands the redirect after the admin approves):
   * `oauth.v2.access` with this app's client id/secret trades it once for a new bot token valid for that team.
   */
  createOAuthCode(team: { id: string; name?: string }): string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The team each bot token belongs to (SLACK_BOT_TOKEN's team is `T_ENV`). */
  teamOfToken(token: string): string | undefined;
  /** Queues HTTP 429 answers (Retry-After seconds) for the next calls whose path starts with `pathPrefix`. */
  throttle(pathPrefix: string, retryAfterSeconds: number, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function blocksProblem(blocks: unknown): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const b of blocks as Array<Record<string, any>>) {
    if (b.type === 'section' && typeof b.text?.text === 'string' && [...b.text.text].length > 3000) return 'invalid_blocks';
    if (b.type === 'header' && [...(b.text?.text ?? '')].length > 150) return 'invalid_blocks';
    if (b.type === 'section' && Array.isArray(b.fields) && b.fields.length > 10) return 'invalid_blocks';
  }
  return null;
}

export async function startSlackSimulator(): Promise<SlackSimulator> {
  const botToken = `xoxb-${randomBytes(8).toString('hex')}`;
  const users = new Map<string, { id: string; name: string; email?: string }>();
  const hooks = new Map<string, { uses: number; expiresAt: number }>();
  const posts: SlackPost[] = [];
  const views: Array<{ triggerId: string; view: Record<string, any>; token: string }> = [];
  const triggers = new Map<string, number>();
  const codes = new Map<string, { id: string; name?: string }>();
  const tokenTeams = new Map<string, string>([[botToken, 'T_ENV']]);
  const clientId = `${randomBytes(4).readUInt32BE(0)}.${randomBytes(4).readUInt32BE(0)}`;
  const clientSecret = randomBytes(16).toString('hex');
  const throttles: Array<{ prefix: string; seconds: number }> = [];
  let baseUrl = '';

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      const body = await readBody(req);
      const t = throttles.findIndex((x) => path.startsWith(x.prefix));
      if (t >= 0) {
        const { seconds } = throttles.splice(t, 1)[0]!;
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(seconds) });
      }
      const hook = /^\/hooks\/commands\/([a-f0-9]+)$/.exec(path)?.[1];
      if (hook && req.method === 'POST') {
        const h = hooks.get(hook);
        if (!h) return json(res, 404, 'no_service');
        if (Date.now() > h.expiresAt) return void (res.writeHead(404), res.end('expired_url'));
        if (h.uses >= 5) return void (res.writeHead(404), res.end('used_url'));
        const problem = blocksProblem(body.blocks);
        if (problem) return void (res.writeHead(400), res.end(problem));
        h.uses++;
        posts.push({ via: 'response_url', hook, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      if (!path.startsWith('/api/')) return json(res, 404, { ok: false, error: 'unknown_method' });
      if (path === '/api/oauth.v2.access') {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [body.client_id, body.client_secret];
        if (id !== clientId) return json(res, 200, { ok: false, error: 'invalid_client_id' });
        if (secret !== clientSecret) return json(res, 200, { ok: false, error: 'bad_client_secret' });
        const team = codes.get(String(body.code ?? ''));
        if (!team) return json(res, 200, { ok: false, error: 'invalid_code' });
        codes.delete(String(body.code));
        const token = `xoxb-${team.id}-${randomBytes(8).toString('hex')}`;
        tokenTeams.set(token, team.id);
        return json(res, 200, {
          ok: true,
          access_token: token,
          token_type: 'bot',
          scope: 'commands,chat:write,users:read,users:read.email',
          bot_user_id: 'U_BOT',
          app_id: 'A1',
          team: { id: team.id, name: team.name ?? team.id },
          enterprise: null,
          authed_user: { id: 'U_ADMIN' },
        });
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!tokenTeams.has(token)) return json(res, 200, { ok: false, error: 'invalid_auth' });
      if (path === '/api/chat.postMessage') {
        if (typeof body.channel !== 'string' || !body.channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
        if (!body.text && !body.blocks) return json(res, 200, { ok: false, error: 'no_text' });
        const problem = blocksProblem(body.blocks);
        if (problem) return json(res, 200, { ok: false, error: problem });
        const ts = `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
        posts.push({ via: 'chat.postMessage', channel: body.channel, ...(typeof body.thread_ts === 'string' ? { threadTs: body.thread_ts } : {}), body: { ...body, token_team: tokenTeams.get(token) } });
        return json(res, 200, { ok: true, channel: body.channel, ts });
      }
      if (path === '/api/chat.update') {
        if (typeof body.channel !== 'string' || !body.channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
        if (typeof body.ts !== 'string' || !body.ts) return json(res, 200, { ok: false, error: 'message_not_found' });
        const problem = blocksProblem(body.blocks);
        if (problem) return json(res, 200, { ok: false, error: problem });
        posts.push({ via: 'chat.update', channel: body.channel, body });
        return json(res, 200, { ok: true, channel: body.channel, ts: body.ts });
      }
      if (path === '/api/views.open') {
        const triggerId = String(body.trigger_id ?? '');
        const issued = triggers.get(triggerId);
        if (issued === undefined || Date.now() - issued > 3_000) return json(res, 200, { ok: false, error: 'expired_trigger_id' });
        const view = body.view as Record<string, any> | undefined;
        if (!view || view.type !== 'modal' || !Array.isArray(view.blocks) || view.blocks.length > 100) return json(res, 200, { ok: false, error: 'invalid_arguments' });
        if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return json(res, 200, { ok: false, error: 'invalid_arguments' });
        triggers.delete(triggerId);
        views.push({ triggerId, view, token });
        return json(res, 200, { ok: true, view: { id: `V${randomBytes(5).toString('hex').toUpperCase()}`, ...view } });
      }
      if (path === '/api/users.info') {
        const u = users.get(String(body.user ?? ''));
        if (!u) return json(res, 200, { ok: false, error: 'user_not_found' });
        return json(res, 200, { ok: true, user: { id: u.id, name: u.name, profile: { real_name: u.name, ...(u.email ? { email: u.email } : {}) } } });
      }
      return json(res, 200, { ok: false, error: 'unknown_method' });
    })();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiBase: `${baseUrl}/api`,
    botToken,
    posts,
    views,
    clientId,
    clientSecret,
    teamOfToken: (t) => tokenTeams.get(t),
    createTriggerId() {
      const id = `${Date.now()}.${randomBytes(4).readUInt32BE(0)}.${randomBytes(16).toString('hex')}`;
      triggers.set(id, Date.now());
      return id;
    },
    createOAuthCode(team) {
      const code = `${randomBytes(4).readUInt32BE(0)}.${randomBytes(12).toString('hex')}`;
      codes.set(code, team);
      return code;
    },
    addUser: (u) => void users.set(u.id, u),
    createResponseUrl() {
      const hook = randomBytes(8).toString('hex');
      hooks.set(hook, { uses: 0, expiresAt: Date.now() + 30 * 60_000 });
      return { url: `${baseUrl}/hooks/commands/${hook}`, hook };
    },
    throttle: (prefix, seconds, times = 1) => void throttles.push(...Array.from({ length: times }, () => ({ prefix, seconds }))),
    reset() {
      posts.length = 0;
      views.length = 0;
      throttles.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function slackAppEnv(sim: SlackSimulator, signingSecret: string): Record<string, string> {
  return { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: sim.botToken, SLACK_API_BASE: sim.apiBase };
}
