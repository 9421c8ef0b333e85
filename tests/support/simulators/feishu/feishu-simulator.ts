import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Feishu Open API for tests, answering with Feishu's documented envelopes
 * (`{code, msg, data}`) and error codes (chat-platforms.md §6): tenant_access_token/internal
 * (2 h tokens), im/v1/messages send and reply (uuid dedupes for 1 h), contact/v3/users.
 * Invalid or expired tokens → HTTP 400 code 99991663; injected throttling → HTTP 429 code 99991400
 * with `x-ogw-ratelimit-reset`.
 */
export interface FeishuSimUser {
  openId: string;
  name: string;
  email?: string;
  mobile?: string;
}

export interface FeishuSentMessage {
  /** `update`: PATCH im/v1/messages/{id} (a card replaced in place; `target` is its message id). */
  kind: 'reply' | 'send' | 'update';
  /** reply: the message replied to; send: the receive_id. */
  target: string;
  receiveIdType?: string;
  msgType: string;
  /** `content` parsed from its JSON string. */
  content: Record<string, unknown>;
  uuid?: string;
  messageId: string;
}

export type FeishuInjectedError = 'rate_limited' | 'invalid_token' | 'http_500' | 'no_permission';

export interface FeishuSimulator {
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly messages: FeishuSentMessage[];
  tokenIssues(): number;
  expireTokens(): void;
  addUser(user: FeishuSimUser): void;
  injectErrors(pathPrefix: string, ...errors: FeishuInjectedError[]): void;
  reset(): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function startFeishuSimulator(options: { appId?: string; appSecret?: string; tokenTtlSeconds?: number } = {}): Promise<FeishuSimulator> {
  const appId = options.appId ?? 'cli_a1b2c3d4e5f6';
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  const ttl = options.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, number>();
  const users = new Map<string, FeishuSimUser>();
  const sentByUuid = new Map<string, { messageId: string; at: number }>();
  const messages: FeishuSentMessage[] = [];
  const faults: Array<{ prefix: string; error: FeishuInjectedError }> = [];
  let issued = 0;

  function takeFault(path: string): FeishuInjectedError | undefined {
    const i = faults.findIndex((f) => path.startsWith(f.prefix));
    if (i < 0) return undefined;
    return faults.splice(i, 1)[0]!.error;
  }

  function answerFault(res: ServerResponse, fault: FeishuInjectedError): void {
    switch (fault) {
      case 'rate_limited':
        return json(res, 429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '2' });
      case 'invalid_token':
        return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
      case 'http_500':
        return json(res, 500, { code: 1, msg: 'internal error' });
      case 'no_permission':
        return json(res, 400, { code: 99991672, msg: 'Access denied. One of the following scopes is required' });
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path = url.pathname;
      const body = await readBody(req);
      if (path === '/open-apis/auth/v3/tenant_access_token/internal' && req.method === 'POST') {
        const fault = takeFault(path);
        if (fault) return answerFault(res, fault);
        if (body.app_id !== appId || body.app_secret !== appSecret) return json(res, 200, { code: 10014, msg: 'app secret invalid' });
        const token = `t-${randomBytes(16).toString('hex')}`;
        tokens.set(token, Date.now() + ttl * 1000);
        issued++;
        return json(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: ttl });
      }
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expiry = auth ? tokens.get(auth) : undefined;
      if (!auth) return json(res, 400, { code: 99991661, msg: 'Missing access token for authorization.' });
      if (expiry === undefined || expiry <= Date.now()) return answerFault(res, 'invalid_token');
      // Faults hit calls that got past authentication (a refused token consumes none).
      const fault = takeFault(path);
      if (fault) return answerFault(res, fault);

      const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
      if ((reply || path === '/open-apis/im/v1/messages') && req.method === 'POST') {
        const target = reply ? decodeURIComponent(reply[1]!) : String(body.receive_id ?? '');
        if (reply && !target.startsWith('om_')) return json(res, 400, { code: 230001, msg: 'invalid message_id' });
        if (typeof body.msg_type !== 'string' || typeof body.content !== 'string') return json(res, 400, { code: 230001, msg: 'invalid param' });
        if (Buffer.byteLength(body.content) > 30 * 1024 && body.msg_type === 'interactive') return json(res, 400, { code: 230025, msg: 'content too long' });
        const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
        const prior = uuid ? sentByUuid.get(uuid) : undefined;
        if (prior && Date.now() - prior.at < 3600_000) return json(res, 200, { code: 0, msg: 'success', data: { message_id: prior.messageId } });
        const messageId = `om_${randomBytes(12).toString('hex')}`;
        if (uuid) sentByUuid.set(uuid, { messageId, at: Date.now() });
        messages.push({
          kind: reply ? 'reply' : 'send',
          target,
          ...(reply ? {} : { receiveIdType: url.searchParams.get('receive_id_type') ?? '' }),
          msgType: body.msg_type,
          content: JSON.parse(body.content) as Record<string, unknown>,
          ...(uuid ? { uuid } : {}),
          messageId,
        });
        return json(res, 200, { code: 0, msg: 'success', data: { message_id: messageId } });
      }
      const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
      if (patch && req.method === 'PATCH') {
        const target = decodeURIComponent(patch[1]!);
        // Feishu patches only cards it knows (sent by this app) and only with card content.
        if (!target.startsWith('om_')) return json(res, 400, { code: 230001, msg: 'invalid message_id' });
        if (typeof body.content !== 'string') return json(res, 400, { code: 230001, msg: 'invalid param' });
        let content: Record<string, unknown>;
        try {
          content = JSON.parse(body.content) as Record<string, unknown>;
        } catch {
          return json(res, 400, { code: 230001, msg: 'content is not a card' });
        }
        if (!Array.isArray(content.elements)) return json(res, 400, { code: 230099, msg: 'content is not a card' });
        if (Buffer.byteLength(body.content) > 30 * 1024) return json(res, 400, { code: 230025, msg: 'content too long' });
        messages.push({ kind: 'update', target, msgType: 'interactive', content, messageId: target });
        return json(res, 200, { code: 0, msg: 'success', data: {} });
      }
      const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
      if (user && req.method === 'GET') {
        const u = users.get(decodeURIComponent(user[1]!));
        if (!u) return json(res, 400, { code: 41050, msg: 'no user authority error' });
        return json(res, 200, { code: 0, msg: 'success', data: { user: { open_id: u.openId, name: u.name, email: u.email, mobile: u.mobile } } });
      }
      return json(res, 404, { code: 404, msg: `no route ${req.method} ${path}` });
    })();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    appId,
    appSecret,
    messages,
    tokenIssues: () => issued,
    expireTokens: () => {
      for (const key of tokens.keys()) tokens.set(key, 0);
    },
    addUser: (u) => void users.set(u.openId, u),
    injectErrors: (prefix, ...errors) => void faults.push(...errors.map((error) => ({ prefix, error }))),
    reset() {
      messages.length = 0;
      faults.length = 0;
      sentByUuid.clear();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The service configuration for a Feishu app living on the simulator. */
export function feishuAppEnv(sim: FeishuSimulator, callback: { verificationToken: string; encryptKey?: string }): Record<string, string> {
  return {
    FEISHU_APP_ID: sim.appId,
    FEISHU_APP_SECRET: sim.appSecret,
    FEISHU_VERIFICATION_TOKEN: callback.verificationToken,
    ...(callback.encryptKey ? { FEISHU_ENCRYPT_KEY: callback.encryptKey } : {}),
    FEISHU_API_BASE: sim.baseUrl,
  };
}
