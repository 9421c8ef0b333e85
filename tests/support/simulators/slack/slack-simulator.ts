import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Slack for tests: Web API methods ChatCRM calls under `/api` (chat.postMessage JSON,
 * users.info form-encoded) with Slack's `{ok, error}` envelopes, Block Kit limits checked as Slack
 * does (≤ 50 blocks, section text ≤ 3000 → invalid_blocks), HTTP 429 + Retry-After when throttled,
 * and slash-command response_urls (5 posts within 30 minutes, then 404 used_url / expired_url).
 */
export interface SlackPost {
  via: 'chat.postMessage' | 'response_url';
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
  addUser(user: { id: string; name: string; email?: string }): void;
  createResponseUrl(): { url: string; hook: string };
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
      if (req.headers.authorization !== `Bearer ${botToken}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
      if (path === '/api/chat.postMessage') {
        if (typeof body.channel !== 'string' || !body.channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
        if (!body.text && !body.blocks) return json(res, 200, { ok: false, error: 'no_text' });
        const problem = blocksProblem(body.blocks);
        if (problem) return json(res, 200, { ok: false, error: problem });
        const ts = `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
        posts.push({ via: 'chat.postMessage', channel: body.channel, ...(typeof body.thread_ts === 'string' ? { threadTs: body.thread_ts } : {}), body });
        return json(res, 200, { ok: true, channel: body.channel, ts });
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
    addUser: (u) => void users.set(u.id, u),
    createResponseUrl() {
      const hook = randomBytes(8).toString('hex');
      hooks.set(hook, { uses: 0, expiresAt: Date.now() + 30 * 60_000 });
      return { url: `${baseUrl}/hooks/commands/${hook}`, hook };
    },
    throttle: (prefix, seconds, times = 1) => void throttles.push(...Array.from({ length: times }, () => ({ prefix, seconds }))),
    reset() {
      posts.length = 0;
      throttles.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function slackAppEnv(sim: SlackSimulator, signingSecret: string): Record<string, string> {
  return { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: sim.botToken, SLACK_API_BASE: sim.apiBase };
}
