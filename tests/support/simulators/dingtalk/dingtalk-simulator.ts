import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local DingTalk for tests: the endpoints ChatCRM calls, answering with DingTalk's documented
 * envelopes and error codes (chat-platforms.md §1, §5). Legacy "oapi" and v1.0 "api" paths live
 * on one server, so `baseUrl` serves as both DINGTALK_API_BASE and DINGTALK_OPENAPI_BASE.
 */

export interface SimUser {
  userid: string;
  name: string;
  mobile?: string;
  deptIds?: number[];
  title?: string;
  active?: boolean;
  /** user/get returns the mobile only when the app holds the contact-mobile permission; false = not held. */
  mobileVisible?: boolean;
}

/** A department of the address book; dept_id 1 is the company's root. */
export interface SimDepartment {
  dept_id: number;
  name: string;
  parent_id: number;
}

export interface CapturedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}

export interface SessionMessage {
  session: string;
  body: Record<string, unknown>;
}

export interface RobotSend {
  kind: 'oto' | 'group';
  robotCode: string;
  userIds?: string[];
  openConversationId?: string;
  msgKey: string;
  msgParam: Record<string, unknown>;
}

export interface WorkNotice {
  agentId: string;
  userIds: string[];
  msg: Record<string, unknown>;
  /** Recipients DingTalk actually delivered to (identical content twice a day is dropped silently). */
  delivered: string[];
  taskId: number;
}

/** What an injected fault looks like on the wire. */
export type InjectedError =
  | 'invalid_token' // oapi 40014 / v1.0 401 InvalidAuthentication
  | 'throttled' // oapi 90018 / v1.0 429 Throttling.Api
  | 'busy' // oapi -1 / v1.0 503
  | 'ip_ban' // HTTP 403 with {"status":1111,"wait":5}
  | 'no_permission' // oapi 60011 / v1.0 403 Forbidden.AccessDenied
  | 'http_500'
  | 'hang'; // never answers (client timeout)

export interface DingTalkSimulatorOptions {
  appKey?: string;
  appSecret?: string;
  agentId?: string;
  robotCode?: string;
  tokenTtlSeconds?: number;
  now?: () => number;
}

export interface DingTalkSimulator {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly agentId: string;
  readonly robotCode: string;
  readonly requests: CapturedRequest[];
  readonly sessionMessages: SessionMessage[];
  readonly robotSends: RobotSend[];
  readonly workNotices: WorkNotice[];
  /** Token requests answered with a token since start (or the last reset). */
  tokenIssues(): number;
  currentToken(): string | undefined;
  /** Makes the current token unknown to the platform (as if it was revoked), without telling clients. */
  invalidateTokens(): void;
  /** Makes every issued token expire now. */
  expireTokens(): void;
  addUser(user: SimUser): void;
  removeUser(userid: string): void;
  /** Adds or replaces a department (department/get, department/listsub, user/list read them). */
  addDepartment(department: SimDepartment): void;
  /** A robot session webhook on this server, like the one in a robot callback; expired ones answer 300001. */
  createSessionWebhook(expiresAtMs: number): { url: string; session: string };
  /** Queues faults for the next calls whose path starts with `pathPrefix` (e.g. '/gettoken', '/v1.0/robot'). */
  injectErrors(pathPrefix: string, ...errors: InjectedError[]): void;
  pendingErrors(): number;
  reset(): void;
  close(): Promise<void>;
}

interface IssuedToken {
  token: string;
  expiresAt: number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return { __invalidJson: raw };
  }
}

const OAPI_ERRORS: Record<Exclude<InjectedError, 'ip_ban' | 'http_500' | 'hang'>, { errcode: number; errmsg: string }> = {
  invalid_token: { errcode: 40014, errmsg: '不合法的access_token' },
  throttled: { errcode: 90018, errmsg: '当前请求次数超过服务器允许的访问上限' },
  busy: { errcode: -1, errmsg: '系统繁忙' },
  no_permission: { errcode: 60011, errmsg: '应用没有权限' },
};

const OPENAPI_ERRORS: Record<Exclude<InjectedError, 'ip_ban' | 'http_500' | 'hang'>, { status: number; code: string; message: string }> = {
  invalid_token: { status: 401, code: 'InvalidAuthentication', message: '不合法的access_token' },
  throttled: { status: 429, code: 'Throttling.Api', message: 'API调用频率超限' },
  busy: { status: 503, code: 'ServiceUnavailable', message: '系统繁忙' },
  no_permission: { status: 403, code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有调用该接口的权限' },
};

const KNOWN_MSG_KEYS = new Set([
  'sampleText',
  'sampleMarkdown',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
]);

export async function startDingTalkSimulator(options: DingTalkSimulatorOptions = {}): Promise<DingTalkSimulator> {
  const appKey = options.appKey ?? 'dingsimappkey0001';
  const appSecret = options.appSecret ?? 'sim-app-secret-0123456789';
  const agentId = options.agentId ?? '300001234';
  const robotCode = options.robotCode ?? appKey;
  const ttl = options.tokenTtlSeconds ?? 7200;
  const now = options.now ?? Date.now;

  const requests: CapturedRequest[] = [];
  const sessionMessages: SessionMessage[] = [];
  const robotSends: RobotSend[] = [];
  const workNotices: WorkNotice[] = [];
  const users = new Map<string, SimUser>();
  const departments = new Map<number, SimDepartment>([[1, { dept_id: 1, name: 'company', parent_id: 0 }]]);
  const sessions = new Map<string, number>();
  const injected: Array<{ prefix: string; error: InjectedError }> = [];
  const noticeDays = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let tokens: IssuedToken[] = [];
  let issues = 0;
  let taskId = 1000;

  function takeInjected(path: string): InjectedError | undefined {
    const i = injected.findIndex((e) => path.startsWith(e.prefix));
    if (i < 0) return undefined;
    const [e] = injected.splice(i, 1);
    return e?.error;
  }

  function tokenState(token: string | undefined): 'ok' | 'missing' | 'invalid' | 'expired' {
    if (!token) return 'missing';
    const t = tokens.find((x) => x.token === token);
    if (!t) return 'invalid';
    return t.expiresAt > now() ? 'ok' : 'expired';
  }

  function oapiAuth(res: ServerResponse, query: Record<string, string>): boolean {
    const state = tokenState(query.access_token);
    if (state === 'ok') return true;
    const err =
      state === 'missing'
        ? { errcode: 41001, errmsg: '缺少access_token参数' }
        : state === 'expired'
          ? { errcode: 42001, errmsg: 'access_token超时' }
          : OAPI_ERRORS.invalid_token;
    json(res, 200, { ...err, request_id: randomBytes(6).toString('hex') });
    return false;
  }

  function openApiAuth(req: IncomingMessage, res: ServerResponse): boolean {
    const header = req.headers['x-acs-dingtalk-access-token'];
    const state = tokenState(typeof header === 'string' ? header : undefined);
    if (state === 'ok') return true;
    json(res, 401, { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: randomBytes(6).toString('hex') });
    return false;
  }

  function openApiBad(res: ServerResponse, message: string): void {
    json(res, 400, { code: 'invalidParameter', message, requestid: randomBytes(6).toString('hex') });
  }

  function parseMsgParam(res: ServerResponse, body: Record<string, unknown>): { msgKey: string; msgParam: Record<string, unknown> } | null {
    const { msgKey, msgParam } = body;
    if (typeof msgKey !== 'string' || !KNOWN_MSG_KEYS.has(msgKey)) {
      openApiBad(res, 'msgKey is invalid');
      return null;
    }
    if (typeof msgParam !== 'string' || Buffer.byteLength(msgParam) > 15_000) {
      openApiBad(res, 'msgParam is invalid or longer than 15000 bytes');
      return null;
    }
    try {
      return { msgKey, msgParam: JSON.parse(msgParam) as Record<string, unknown> };
    } catch {
      openApiBad(res, 'msgParam is not JSON');
      return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const query = Object.fromEntries(url.searchParams.entries());
    const body = await readBody(req);
    const path = url.pathname;
    requests.push({ method: req.method ?? 'GET', path, query, headers: req.headers, body, at: now() });
    const isOpenApi = path.startsWith('/v1.0/');

    const fault = takeInjected(path);
    if (fault === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault === 'ip_ban') return json(res, 403, { status: 1111, wait: 5, message: 'IP banned for 5 minutes' });
    if (fault === 'http_500') return json(res, 500, { message: 'internal error' });
    if (fault) {
      if (isOpenApi) {
        const e = OPENAPI_ERRORS[fault];
        return json(res, e.status, { code: e.code, message: e.message, requestid: 'sim' });
      }
      return json(res, 200, { ...OAPI_ERRORS[fault], request_id: 'sim' });
    }

    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;

    if (req.method === 'GET' && path === '/gettoken') {
      if (query.appkey !== appKey || query.appsecret !== appSecret) {
        return json(res, 200, { errcode: 40089, errmsg: '不合法的appKey或appSecret' });
      }
      issues++;
      // DingTalk: asking again while a token is valid returns the same token and extends it.
      const live = tokens.find((t) => t.expiresAt > now());
      if (live) {
        live.expiresAt = now() + ttl * 1000;
        return json(res, 200, { errcode: 0, errmsg: 'ok', access_token: live.token, expires_in: ttl });
      }
      const token = `simtok_${randomBytes(12).toString('hex')}`;
      tokens.push({ token, expiresAt: now() + ttl * 1000 });
      return json(res, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl });
    }

    if (req.method === 'POST' && path === '/robot/sendBySession') {
      const session = query.session ?? '';
      const expiresAt = sessions.get(session);
      if (expiresAt === undefined || expiresAt <= now()) return json(res, 200, { errcode: 300001, errmsg: 'session 不存在' });
      if (typeof b.msgtype !== 'string') return json(res, 200, { errcode: 400105, errmsg: '不支持的消息类型' });
      sessionMessages.push({ session, body: b });
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    }

    if (req.method === 'POST' && path === '/topapi/v2/user/getbymobile') {
      if (!oapiAuth(res, query)) return;
      const mobile = typeof b.mobile === 'string' ? b.mobile : '';
      if (!/^\+?[\d-]{5,20}$/.test(mobile)) return json(res, 200, { errcode: 40104, errmsg: '无效的手机号码' });
      const user = [...users.values()].find((u) => u.mobile === mobile && u.active !== false);
      if (!user) return json(res, 200, { errcode: 60121, errmsg: '找不到该用户' });
      return json(res, 200, { errcode: 0, errmsg: 'ok', result: { userid: user.userid }, request_id: 'sim' });
    }

    if (req.method === 'POST' && path === '/topapi/v2/user/get') {
      if (!oapiAuth(res, query)) return;
      const user = typeof b.userid === 'string' ? users.get(b.userid) : undefined;
      if (!user || user.active === false) return json(res, 200, { errcode: 60121, errmsg: '找不到该用户' });
      return json(res, 200, {
        errcode: 0,
        errmsg: 'ok',
        result: {
          userid: user.userid,
          name: user.name,
          ...(user.mobile && user.mobileVisible !== false ? { mobile: user.mobile } : {}),
          dept_id_list: user.deptIds ?? [1],
          title: user.title ?? '',
          active: true,
          admin: false,
        },
      });
    }

    // Address book (contact docs: 获取部门详情 / 获取子部门列表 / 获取部门用户详情): unknown dept 60003.
    if (req.method === 'POST' && (path === '/topapi/v2/department/get' || path === '/topapi/v2/department/listsub' || path === '/topapi/v2/user/list')) {
      if (!oapiAuth(res, query)) return;
      const deptId = Number(b.dept_id);
      const dept = departments.get(deptId);
      if (!dept) return json(res, 200, { errcode: 60003, errmsg: '部门不存在' });
      if (path === '/topapi/v2/department/get') return json(res, 200, { errcode: 0, errmsg: 'ok', result: { ...dept, order: 0 }, request_id: 'sim' });
      if (path === '/topapi/v2/department/listsub') {
        const children = [...departments.values()].filter((d) => d.parent_id === deptId && d.dept_id !== deptId);
        return json(res, 200, { errcode: 0, errmsg: 'ok', result: children.map((d) => ({ ...d, create_dept_group: false, auto_add_user: false })), request_id: 'sim' });
      }
      // user/list: cursor paging, size 1..100 (40035 otherwise); members of exactly this department.
      const size = Number(b.size);
      const cursor = Number(b.cursor ?? 0);
      if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(cursor) || cursor < 0) return json(res, 200, { errcode: 40035, errmsg: '不合法的参数' });
      const members = [...users.values()].filter((u) => u.active !== false && (u.deptIds ?? [1]).includes(deptId));
      const page = members.slice(cursor, cursor + size);
      const hasMore = cursor + size < members.length;
      return json(res, 200, {
        errcode: 0,
        errmsg: 'ok',
        result: {
          has_more: hasMore,
          ...(hasMore ? { next_cursor: cursor + size } : {}),
          list: page.map((u) => ({ userid: u.userid, name: u.name, ...(u.mobile && u.mobileVisible !== false ? { mobile: u.mobile } : {}), dept_id_list: u.deptIds ?? [1], title: u.title ?? '', active: true, admin: false })),
        },
        request_id: 'sim',
      });
    }

    if (req.method === 'POST' && path === '/topapi/message/corpconversation/asyncsend_v2') {
      if (!oapiAuth(res, query)) return;
      if (String(b.agent_id) !== agentId) return json(res, 200, { errcode: 40056, errmsg: '不合法的agentid' });
      const list = typeof b.userid_list === 'string' ? b.userid_list.split(',').filter(Boolean) : [];
      if (list.length === 0 || list.length > 5000) return json(res, 200, { errcode: 40035, errmsg: '不合法的参数' });
      const msg = b.msg as Record<string, unknown> | undefined;
      if (!msg || typeof msg.msgtype !== 'string') return json(res, 200, { errcode: 40035, errmsg: '不合法的参数:msg' });
      if (Buffer.byteLength(JSON.stringify(msg)) > 2048) return json(res, 200, { errcode: 40035, errmsg: '消息内容过长' });
      const day = new Date(now() + 8 * 3600_000).toISOString().slice(0, 10);
      const delivered = list.filter((u) => {
        const key = `${day}:${u}:${JSON.stringify(msg)}`;
        if (noticeDays.has(key)) return false;
        noticeDays.add(key);
        return true;
      });
      const id = ++taskId;
      workNotices.push({ agentId: String(b.agent_id), userIds: list, msg, delivered, taskId: id });
      return json(res, 200, { errcode: 0, errmsg: 'ok', task_id: id, request_id: 'sim' });
    }

    if (req.method === 'POST' && path === '/v1.0/robot/oToMessages/batchSend') {
      if (!openApiAuth(req, res)) return;
      if (b.robotCode !== robotCode) return openApiBad(res, 'robotCode is invalid');
      const ids = Array.isArray(b.userIds) ? b.userIds.filter((x): x is string => typeof x === 'string') : [];
      if (ids.length === 0 || ids.length > 20) return openApiBad(res, 'userIds must hold 1 to 20 ids');
      const m = parseMsgParam(res, b);
      if (!m) return;
      const invalid = ids.filter((u) => !users.has(u));
      robotSends.push({ kind: 'oto', robotCode: b.robotCode, userIds: ids, ...m });
      return json(res, 200, { processQueryKey: `pqk_${randomBytes(6).toString('hex')}`, invalidStaffIdList: invalid, flowControlledStaffIdList: [] });
    }

    if (req.method === 'POST' && path === '/v1.0/robot/groupMessages/send') {
      if (!openApiAuth(req, res)) return;
      if (b.robotCode !== robotCode) return openApiBad(res, 'robotCode is invalid');
      if (typeof b.openConversationId !== 'string' || !b.openConversationId) return openApiBad(res, 'openConversationId is required');
      const m = parseMsgParam(res, b);
      if (!m) return;
      robotSends.push({ kind: 'group', robotCode: b.robotCode, openConversationId: b.openConversationId, ...m });
      return json(res, 200, { processQueryKey: `pqk_${randomBytes(6).toString('hex')}` });
    }

    json(res, 404, { errcode: 404, errmsg: `simulator: no route ${req.method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { errmsg: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    appKey,
    appSecret,
    agentId,
    robotCode,
    requests,
    sessionMessages,
    robotSends,
    workNotices,
    tokenIssues: () => issues,
    currentToken: () => tokens.find((t) => t.expiresAt > now())?.token,
    invalidateTokens() {
      tokens = [];
    },
    expireTokens() {
      for (const t of tokens) t.expiresAt = now() - 1;
    },
    addUser(user) {
      users.set(user.userid, user);
    },
    removeUser(userid) {
      users.delete(userid);
    },
    addDepartment(department) {
      departments.set(department.dept_id, department);
    },
    createSessionWebhook(expiresAtMs) {
      const session = randomBytes(16).toString('hex');
      sessions.set(session, expiresAtMs);
      return { url: `${baseUrl}/robot/sendBySession?session=${session}`, session };
    },
    injectErrors(prefix, ...errors) {
      for (const error of errors) injected.push({ prefix, error });
    },
    pendingErrors: () => injected.length,
    reset() {
      requests.length = 0;
      sessionMessages.length = 0;
      robotSends.length = 0;
      workNotices.length = 0;
      injected.length = 0;
      issues = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
