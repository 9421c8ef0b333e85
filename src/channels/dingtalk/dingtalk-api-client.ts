import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { InvalidInput } from '../../errors.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import { createAccessTokenCache, type AccessTokenCache, type FetchedToken } from '../shared/access-token-cache.js';
import { utf8Bytes } from '../shared/truncate-utf8.js';
import { classifyOapiError, classifyOpenApiError, type ErrorAction } from './classify-api-error.js';
import {
  DingTalkApiError,
  DingTalkConfigError,
  DingTalkRateLimited,
  DingTalkRequestRejected,
  DingTalkUnavailable,
  SessionWebhookUnusable,
} from './dingtalk-api-error.js';
import {
  OPENAPI_MSG_PARAM_MAX_BYTES,
  renderWithin,
  ROBOT_LIMITS,
  toOpenApiMessage,
  toWebhookMessage,
  toWorkNotificationMessage,
  WORK_NOTICE_LIMITS,
  WORK_NOTICE_MAX_BYTES,
} from './render-message.js';
import { claimWorkNotice, contentHash } from './work-notice-ledger.js';

export interface DingTalkApiClientOptions {
  appKey: string;
  appSecret: string;
  /** Needed for work notifications (`asyncsend_v2`). */
  agentId?: string;
  /** Default robot for OpenAPI sends when a target carries none. */
  robotCode?: string;
  /** Legacy host (`oapi.dingtalk.com`); sessionWebhooks must live on it too. */
  apiBase?: string;
  /** v1.0 OpenAPI host (`api.dingtalk.com`). */
  openApiBase?: string;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Defaults to the MongoDB-shared cache, one token per app for every instance. */
  tokenCache?: AccessTokenCache;
}

export interface DingTalkUser {
  userid: string;
  name: string;
  mobile?: string;
  deptIds: string[];
  title?: string;
  active?: boolean;
  admin?: boolean;
}

/** A department of the address book (dept 1 is the company). */
export interface DingTalkDepartment {
  deptId: string;
  name: string;
  parentId: string | null;
}

export interface WorkNotificationResult {
  taskIds: string[];
  sentTo: string[];
  /** Already received identical content today: DingTalk would drop it silently. */
  skippedDuplicate: string[];
  /** Past DingTalk's per-user daily cap. */
  skippedOverLimit: string[];
}

export interface RobotBatchResult {
  processQueryKeys: string[];
  invalidUserIds: string[];
  flowControlledUserIds: string[];
}

export interface DingTalkApiClient {
  getAccessToken(): Promise<string>;
  /** null when nobody in the organisation has that mobile (resigned staff included). */
  getUserIdByMobile(mobile: string): Promise<string | null>;
  getUser(userId: string): Promise<DingTalkUser | null>;
  /** 获取部门详情; null when there is no such department. */
  getDepartment(deptId: string): Promise<DingTalkDepartment | null>;
  /** 获取子部门列表: the direct children of a department. */
  listSubDepartments(deptId: string): Promise<DingTalkDepartment[]>;
  /** 获取部门用户详情, every page: the members of exactly this department. */
  listDepartmentUsers(deptId: string): Promise<DingTalkUser[]>;
  sendWorkNotification(userIds: string[], body: MessageBody): Promise<WorkNotificationResult>;
  sendRobotToUsers(userIds: string[], body: MessageBody, robotCode?: string): Promise<RobotBatchResult>;
  sendRobotToGroup(openConversationId: string, body: MessageBody, robotCode?: string): Promise<{ processQueryKey: string }>;
  postToSessionWebhook(url: string, body: MessageBody): Promise<void>;
}

const TOKEN_TTL_MARGIN_MS = 200_000; // DingTalk tokens live 7200 s; refresh at ~7000 s.
const MAX_BUSY_ATTEMPTS = 3; // DingTalk: "system busy (-1): retry at most 3 times".
const ROBOT_BATCH_MAX_USERS = 20;
const WORK_NOTICE_MAX_USERS = 5000;

const oapiEnvelope = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional(), sub_code: z.string().optional() });
const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const getByMobileResponse = z.object({ result: z.object({ userid: z.string().min(1) }) });
const getUserResponse = z.object({
  result: z.object({
    userid: z.string(),
    name: z.string(),
    mobile: z.string().optional(),
    dept_id_list: z.array(z.union([z.number(), z.string()])).optional(),
    title: z.string().optional(),
    active: z.boolean().optional(),
    admin: z.boolean().optional(),
  }),
});
const departmentShape = z.object({ dept_id: z.union([z.number(), z.string()]), name: z.string(), parent_id: z.union([z.number(), z.string()]).optional() });
const getDepartmentResponse = z.object({ result: departmentShape });
const listSubResponse = z.object({ result: z.array(departmentShape) });
const userListResponse = z.object({
  result: z.object({ has_more: z.boolean(), next_cursor: z.union([z.number(), z.string()]).optional(), list: z.array(getUserResponse.shape.result) }),
});
const USER_LIST_PAGE = 100;
const MAX_USER_PAGES = 10_000;
/** 60003: the department does not exist. */
const DEPARTMENT_NOT_FOUND: readonly number[] = [60003];

function departmentOf(d: z.infer<typeof departmentShape>): DingTalkDepartment {
  const parent = d.parent_id === undefined || Number(d.parent_id) === 0 ? null : String(d.parent_id);
  return { deptId: String(d.dept_id), name: d.name, parentId: parent };
}

function userOf(r: z.infer<typeof getUserResponse>['result']): DingTalkUser {
  return {
    userid: r.userid,
    name: r.name,
    deptIds: (r.dept_id_list ?? []).map(String),
    ...(r.mobile ? { mobile: r.mobile } : {}),
    ...(r.title ? { title: r.title } : {}),
    ...(r.active === undefined ? {} : { active: r.active }),
    ...(r.admin === undefined ? {} : { admin: r.admin }),
  };
}

const asyncSendResponse = z.object({ task_id: z.union([z.number(), z.string()]) });
const batchSendResponse = z.object({
  processQueryKey: z.string().optional(),
  invalidStaffIdList: z.array(z.string()).optional(),
  flowControlledStaffIdList: z.array(z.string()).optional(),
});
const groupSendResponse = z.object({ processQueryKey: z.string() });
const ipBan = z.object({ status: z.literal(1111), wait: z.number().optional() });

/** The user lookups answer 60121 ("not found") for unknown and resigned people alike. */
const USER_NOT_FOUND: readonly number[] = [60121, 60111, 40104];

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function isNetworkError(error: unknown): boolean {
  return axios.isAxiosError(error) && !error.response;
}

export function createDingTalkApiClient(options: DingTalkApiClientOptions): DingTalkApiClient {
  const apiBase = (options.apiBase ?? 'https://oapi.dingtalk.com').replace(/\/+$/, '');
  const openApiBase = (options.openApiBase ?? 'https://api.dingtalk.com').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Our own error mapping decides on every status; no proxy from the environment for platform calls.
  const http: AxiosInstance = axios.create({ timeout: options.timeoutMs ?? 5_000, validateStatus: () => true, proxy: false });

  function fail(action: ErrorAction, code: string, errmsg: string): never {
    switch (action.action) {
      case 'config':
        throw new DingTalkConfigError(code, action.what);
      case 'throttled':
        throw new DingTalkRateLimited(code, action.retryAfterMs);
      case 'busy':
        throw new DingTalkUnavailable(code);
      case 'invalid_token':
        // Reached only when a freshly fetched token is refused too.
        throw new DingTalkConfigError(code, 'access token refused right after issue');
      case 'rejected':
        throw new DingTalkRequestRejected(code, errmsg);
    }
  }

  function checkIpBan(data: unknown): void {
    const ban = ipBan.safeParse(data);
    if (ban.success) throw new DingTalkRateLimited('1111', (ban.data.wait ?? 5) * 60_000);
  }

  /** Retries network failures and "busy" answers with exponential backoff. */
  async function withBusyRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        const busy = error instanceof DingTalkUnavailable || isNetworkError(error);
        if (!busy || i >= MAX_BUSY_ATTEMPTS) {
          if (isNetworkError(error)) throw new DingTalkUnavailable(axios.isAxiosError(error) ? (error.code ?? 'network') : 'network');
          throw error;
        }
        await sleep(200 * 2 ** (i - 1));
      }
    }
  }

  /** No retry of its own: it runs inside {@link authenticated}, which retries busy answers. */
  async function fetchToken(): Promise<FetchedToken> {
    const res = await http.get(`${apiBase}/gettoken`, { params: { appkey: options.appKey, appsecret: options.appSecret } });
    checkIpBan(res.data);
    if (res.status >= 500) throw new DingTalkUnavailable(`http_${res.status}`);
    const env = oapiEnvelope.safeParse(res.data);
    const errcode = env.success ? (env.data.errcode ?? 0) : -1;
    if (errcode !== 0) {
      const action = classifyOapiError(errcode, env.success ? env.data.sub_code : undefined);
      // The token endpoint refusing our credentials is a configuration problem, never a reason to loop.
      const refused = action.action === 'invalid_token' || action.action === 'rejected';
      fail(refused ? { action: 'config', what: 'token request refused' } : action, String(errcode), '');
    }
    const parsed = tokenResponse.safeParse(res.data);
    if (!parsed.success) throw new DingTalkUnavailable('bad_token_response');
    return { token: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  }

  const tokens =
    options.tokenCache ??
    createAccessTokenCache({
      platform: 'dingtalk',
      appId: options.appKey,
      secret: options.appSecret,
      fetchToken,
      refreshMarginMs: TOKEN_TTL_MARGIN_MS,
      now,
    });

  /**
   * One authenticated call with the shared policy: a refused token is dropped and the call made once
   * more with a fresh one; busy answers are retried with backoff; everything else becomes a typed error.
   */
  async function authenticated<T>(
    send: (token: string) => Promise<AxiosResponse>,
    interpret: (res: AxiosResponse) => { ok: true; value: T } | { ok: false; action: ErrorAction; code: string; errmsg: string },
  ): Promise<T> {
    return withBusyRetry(async () => {
      for (let tokenAttempt = 1; ; tokenAttempt++) {
        const token = await tokens.get();
        const res = await send(token);
        checkIpBan(res.data);
        const outcome = interpret(res);
        if (outcome.ok) return outcome.value;
        if (outcome.action.action === 'invalid_token' && tokenAttempt === 1) {
          await tokens.invalidate(token);
          continue;
        }
        fail(outcome.action, outcome.code, outcome.errmsg);
      }
    });
  }

  async function oapiPost<T>(path: string, body: unknown, schema: z.ZodType<T>, notFound?: readonly number[]): Promise<T | null> {
    return authenticated<T | null>(
      (token) => http.post(`${apiBase}${path}`, body, { params: { access_token: token } }),
      (res) => {
        if (res.status >= 500) return { ok: false, action: { action: 'busy' }, code: `http_${res.status}`, errmsg: '' };
        const env = oapiEnvelope.safeParse(res.data);
        if (!env.success) return { ok: false, action: { action: 'busy' }, code: 'bad_response', errmsg: '' };
        const errcode = env.data.errcode ?? 0;
        if (errcode !== 0) {
          if (notFound?.includes(errcode)) return { ok: true, value: null };
          return { ok: false, action: classifyOapiError(errcode, env.data.sub_code), code: String(errcode), errmsg: env.data.errmsg ?? '' };
        }
        const parsed = schema.safeParse(res.data);
        if (!parsed.success) return { ok: false, action: { action: 'busy' }, code: 'bad_response', errmsg: '' };
        return { ok: true, value: parsed.data };
      },
    );
  }

  async function openApiPost<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return authenticated<T>(
      (token) => http.post(`${openApiBase}${path}`, body, { headers: { 'x-acs-dingtalk-access-token': token } }),
      (res) => {
        if (res.status >= 200 && res.status < 300) {
          const parsed = schema.safeParse(res.data);
          if (parsed.success) return { ok: true, value: parsed.data };
          return { ok: false, action: { action: 'busy' }, code: 'bad_response', errmsg: '' };
        }
        const data = (res.data ?? {}) as { code?: unknown; message?: unknown };
        const code = typeof data.code === 'string' ? data.code : undefined;
        return {
          ok: false,
          action: classifyOpenApiError(res.status, code),
          code: code ?? `http_${res.status}`,
          errmsg: typeof data.message === 'string' ? data.message : '',
        };
      },
    );
  }

  function requireRobotCode(robotCode: string | undefined): string {
    const code = robotCode ?? options.robotCode;
    if (!code) throw new DingTalkConfigError('no_robot_code', 'no robotCode configured (DINGTALK_ROBOT_CODE)');
    return code;
  }

  function openApiMessage(body: MessageBody) {
    // The cap is on msgParam, so only msgParam is measured.
    const msgParamBytes = (m: { msgParam: string }) => utf8Bytes(JSON.stringify(m.msgParam));
    return renderWithin(body, ROBOT_LIMITS, toOpenApiMessage, OPENAPI_MSG_PARAM_MAX_BYTES, msgParamBytes).wire;
  }

  return {
    getAccessToken: () => tokens.get(),

    async getUserIdByMobile(mobile) {
      const m = mobile.trim();
      if (!/^\+?[\d-]{5,20}$/.test(m)) throw new InvalidInput('mobile number is not valid');
      const res = await oapiPost('/topapi/v2/user/getbymobile', { mobile: m }, getByMobileResponse, USER_NOT_FOUND);
      return res?.result.userid ?? null;
    },

    async getUser(userId) {
      if (!userId) throw new InvalidInput('userId is required');
      const res = await oapiPost('/topapi/v2/user/get', { userid: userId, language: 'zh_CN' }, getUserResponse, USER_NOT_FOUND);
      return res ? userOf(res.result) : null;
    },

    async getDepartment(deptId) {
      const res = await oapiPost('/topapi/v2/department/get', { dept_id: Number(deptId), language: 'zh_CN' }, getDepartmentResponse, DEPARTMENT_NOT_FOUND);
      return res ? departmentOf(res.result) : null;
    },

    async listSubDepartments(deptId) {
      const res = await oapiPost('/topapi/v2/department/listsub', { dept_id: Number(deptId), language: 'zh_CN' }, listSubResponse, DEPARTMENT_NOT_FOUND);
      return (res?.result ?? []).map(departmentOf);
    },

    async listDepartmentUsers(deptId) {
      const users: DingTalkUser[] = [];
      let cursor = 0;
      for (let page = 0; page < MAX_USER_PAGES; page++) {
        const body = { dept_id: Number(deptId), cursor, size: USER_LIST_PAGE, language: 'zh_CN', contain_access_limit: false };
        const res = await oapiPost('/topapi/v2/user/list', body, userListResponse, DEPARTMENT_NOT_FOUND);
        if (!res) return users;
        users.push(...res.result.list.map(userOf));
        if (!res.result.has_more || res.result.next_cursor === undefined) return users;
        cursor = Number(res.result.next_cursor);
      }
      throw new DingTalkApiError('unavailable', 'DingTalk user/list cursor never ended', 'paging', false);
    },

    async sendWorkNotification(userIds, body) {
      if (!options.agentId) throw new DingTalkConfigError('no_agent_id', 'no agent id configured (DINGTALK_AGENT_ID)');
      const ids = [...new Set(userIds.map((u) => u.trim()).filter(Boolean))];
      if (ids.length === 0) throw new InvalidInput('at least one recipient is required');
      const { wire: msg } = renderWithin(body, WORK_NOTICE_LIMITS, toWorkNotificationMessage, WORK_NOTICE_MAX_BYTES);
      const claim = await claimWorkNotice(`${options.appKey}:${options.agentId}`, ids, contentHash(msg), now());
      const result: WorkNotificationResult = {
        taskIds: [],
        sentTo: [],
        skippedDuplicate: claim.duplicate,
        skippedOverLimit: claim.overLimit,
      };
      try {
        for (const batch of chunk(claim.accepted, WORK_NOTICE_MAX_USERS)) {
          const res = await oapiPost(
            '/topapi/message/corpconversation/asyncsend_v2',
            { agent_id: options.agentId, userid_list: batch.join(','), msg },
            asyncSendResponse,
          );
          if (res) result.taskIds.push(String(res.task_id));
          result.sentTo.push(...batch);
        }
      } catch (error) {
        // Those who did not get it may get it on a retry; those who did stay recorded.
        await claim.release(claim.accepted.filter((u) => !result.sentTo.includes(u))).catch(() => {});
        throw error;
      }
      return result;
    },

    async sendRobotToUsers(userIds, body, robotCode) {
      const code = requireRobotCode(robotCode);
      const ids = [...new Set(userIds.filter(Boolean))];
      if (ids.length === 0) throw new InvalidInput('at least one recipient is required');
      const message = openApiMessage(body);
      const result: RobotBatchResult = { processQueryKeys: [], invalidUserIds: [], flowControlledUserIds: [] };
      for (const batch of chunk(ids, ROBOT_BATCH_MAX_USERS)) {
        const res = await openApiPost('/v1.0/robot/oToMessages/batchSend', { robotCode: code, userIds: batch, ...message }, batchSendResponse);
        if (res.processQueryKey) result.processQueryKeys.push(res.processQueryKey);
        result.invalidUserIds.push(...(res.invalidStaffIdList ?? []));
        result.flowControlledUserIds.push(...(res.flowControlledStaffIdList ?? []));
      }
      return result;
    },

    async sendRobotToGroup(openConversationId, body, robotCode) {
      const code = requireRobotCode(robotCode);
      if (!openConversationId) throw new InvalidInput('openConversationId is required');
      return openApiPost(
        '/v1.0/robot/groupMessages/send',
        { robotCode: code, openConversationId, ...openApiMessage(body) },
        groupSendResponse,
      );
    },

    async postToSessionWebhook(url, body) {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new InvalidInput('sessionWebhook is not a URL');
      }
      // The URL came in a callback; only ever post it back to DingTalk's own host.
      if (target.origin !== new URL(apiBase).origin) throw new InvalidInput('sessionWebhook is not on the DingTalk API host');
      const { wire } = renderWithin(body, ROBOT_LIMITS, toWebhookMessage, OPENAPI_MSG_PARAM_MAX_BYTES);
      await withBusyRetry(async () => {
        const res = await http.post(target.toString(), wire);
        checkIpBan(res.data);
        if (res.status >= 500) throw new DingTalkUnavailable(`http_${res.status}`);
        const env = oapiEnvelope.safeParse(res.data);
        const errcode = env.success ? (env.data.errcode ?? 0) : res.status;
        if (res.status >= 400 || errcode !== 0) {
          const action = classifyOapiError(errcode);
          if (action.action === 'throttled' || action.action === 'busy') fail(action, String(errcode), '');
          throw new SessionWebhookUnusable(String(errcode));
        }
      });
    },
  };
}

export { DingTalkApiError };
