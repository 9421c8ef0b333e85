import axios from 'axios';
import type { z } from 'zod';
import { createAccessTokenCache, type AccessTokenCache, type FetchedToken } from '../../shared/access-token-cache.js';
import { ConfigError } from '../../../config.js';
import { Unauthenticated } from '../../../errors.js';
import {
  isConfigurationErrcode,
  WecomApiError,
  WecomConfigurationError,
  WecomRateLimitError,
  WecomUnreachable,
} from './api-errors.js';
import {
  batchGetByUserSchema,
  corpTagListSchema,
  departmentListSchema,
  followUserListSchema,
  getExternalContactSchema,
  messageSendSchema,
  okSchema,
  ticketSchema,
  tokenSchema,
  transferCustomerSchema,
  transferResultSchema,
  unassignedListSchema,
  userInfoByCodeSchema,
  userListSchema,
  userSchema,
  type BatchContactItem,
  type CorpTagGroup,
  type ExternalContactProfile,
  type FollowUser,
  type MessageSendResult,
  type TransferCustomerItem,
  type TransferResultItem,
  type UnassignedItem,
  type UserInfoByCode,
  type WecomDepartment,
  type WecomListedUser,
  type WecomUser,
} from './api-schemas.js';
import type { WecomMessageContent, WecomRecipients } from './message-content.js';

export interface WecomApiClientOptions {
  /** WECOM_API_BASE, e.g. https://qyapi.weixin.qq.com */
  baseUrl: string;
  corpId: string;
  secret: string;
  /** Needed for message/send and the agent_config ticket. */
  agentId?: string | number;
  /** Whole-request deadline for every call. */
  timeoutMs?: number;
  /** errcode -1 (system busy): retried up to this many times with exponential backoff. */
  maxBusyRetries?: number;
  busyRetryBaseMs?: number;
  /** Refresh tokens and tickets this long before WeCom's expiry. */
  refreshMarginMs?: number;
  /** After a configuration error from gettoken, fail fast for this long instead of asking again. */
  configErrorCooldownMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ExternalContactDetail {
  externalContact: ExternalContactProfile;
  followUsers: FollowUser[];
}

export interface BatchContactsPage {
  items: BatchContactItem[];
  nextCursor?: string;
}

export interface SendMessageOptions {
  /**
   * Turns on WeCom's duplicate check: a message whose content equals one sent within this many
   * seconds (max 4 h) is silently dropped. Off unless given — it drops legitimate repeats (the
   * same answer to the same question an hour later).
   */
  duplicateCheckIntervalSeconds?: number;
  safe?: boolean;
}

export interface WecomApiClient {
  readonly corpId: string;
  readonly agentId: string | undefined;
  getAccessToken(): Promise<string>;
  getExternalContact(externalUserId: string): Promise<ExternalContactDetail>;
  getFollowUserList(): Promise<string[]>;
  batchGetByUser(input: { userIds: string[]; cursor?: string; limit?: number }): Promise<BatchContactsPage>;
  getCorpTagList(input?: { tagIds?: string[]; groupIds?: string[] }): Promise<CorpTagGroup[]>;
  /** 编辑客户企业标签 (Doc 92118): corp tags on one member's relationship with a contact. */
  markTag(input: { userId: string; externalUserId: string; addTag: string[]; removeTag: string[] }): Promise<void>;
  sendMessage(to: WecomRecipients, content: WecomMessageContent, options?: SendMessageOptions): Promise<MessageSendResult>;
  /** Corp ticket for wx.config; server-side only, never sent to a browser. */
  getJsapiTicket(): Promise<string>;
  /** App ticket for wx.agentConfig; server-side only. */
  getAgentConfigTicket(): Promise<string>;
  /** OAuth snsapi_base code → member userid (or openid/external_userid for non-members). */
  getUserInfoByCode(code: string): Promise<UserInfoByCode>;
  getUser(userId: string): Promise<WecomUser>;
  /** 获取部门列表: the department and everything below it (the whole tree when no id). */
  listDepartments(departmentId?: number): Promise<WecomDepartment[]>;
  /** 获取部门成员详情 with fetch_child: everyone in the department and below, once each. */
  listUsers(departmentId: number): Promise<WecomListedUser[]>;
  /**
   * 客户继承: hands clients (≤100 a call) from one member to another — `resigned` for a leaver
   * (resigned/transfer_customer), else in service (transfer_customer, with the optional message).
   * Answers one errcode per client; accepted ones wait for the client (follow with transferResult).
   */
  transferCustomer(input: TransferCustomerInput): Promise<TransferCustomerItem[]>;
  transferResult(input: { resigned: boolean; handoverUserId: string; takeoverUserId: string }): Promise<TransferResultItem[]>;
  /** 获取待分配的离职成员列表: every leaver's clients not handed over yet, all pages. */
  getUnassignedList(): Promise<UnassignedItem[]>;
}

export interface TransferCustomerInput {
  resigned: boolean;
  handoverUserId: string;
  takeoverUserId: string;
  externalUserIds: string[];
  transferSuccessMsg?: string;
}

interface WecomEnvelope {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

type Query = Record<string, string | number | undefined>;

const TOKEN_ERRCODES: readonly number[] = [40014, 42001];
const MAX_CURSOR_PAGES = 10_000;

export function createWecomApiClient(options: WecomApiClientOptions): WecomApiClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBusyRetries = options.maxBusyRetries ?? 3;
  const busyRetryBaseMs = options.busyRetryBaseMs ?? 300;
  const cooldownMs = options.configErrorCooldownMs ?? 60_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const agentId = options.agentId === undefined || options.agentId === '' ? undefined : String(options.agentId);
  const http = axios.create({ baseURL: options.baseUrl.replace(/\/+$/, ''), proxy: false });

  async function request(api: string, method: 'GET' | 'POST', query: Query, body?: unknown): Promise<WecomEnvelope> {
    let response;
    try {
      response = await http.request<unknown>({
        method,
        url: `/cgi-bin/${api}`,
        params: query,
        data: body,
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        validateStatus: () => true,
        responseType: 'json',
      });
    } catch (error) {
      // Never wrap the axios error itself: its config holds the URL with the token or secret.
      throw new WecomUnreachable(api, describeTransportError(error, timeoutMs));
    }
    if (response.status !== 200) throw new WecomUnreachable(api, `HTTP ${response.status}`);
    const data = response.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new WecomUnreachable(api, 'response is not a JSON object');
    }
    return data as WecomEnvelope;
  }

  function failure(api: string, data: WecomEnvelope): Error {
    const errcode = Number(data.errcode);
    const errmsg = typeof data.errmsg === 'string' ? data.errmsg.slice(0, 300) : '';
    if (isConfigurationErrcode(errcode)) return new WecomConfigurationError(errcode, api, errmsg);
    if (errcode === 45009) return new WecomRateLimitError(errcode, api, 60_000);
    if (errcode === 45033) return new WecomRateLimitError(errcode, api, 2_000);
    return new WecomApiError(errcode, api, errmsg);
  }

  function parse<S extends z.ZodType>(api: string, schema: S, data: WecomEnvelope): z.infer<S> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new WecomApiError(0, api, 'unexpected response shape');
    return parsed.data;
  }

  /** -1 (system busy) is retried with backoff here; everything else goes back to the caller. */
  async function requestWithBusyRetry(api: string, method: 'GET' | 'POST', query: Query, body?: unknown) {
    for (let attempt = 0; ; attempt++) {
      const data = await request(api, method, query, body);
      if (Number(data.errcode) === -1 && attempt < maxBusyRetries) {
        await sleep(busyRetryBaseMs * 2 ** attempt);
        continue;
      }
      return data;
    }
  }

  let configFailure: { error: WecomConfigurationError; until: number } | null = null;

  async function fetchToken(): Promise<FetchedToken> {
    if (configFailure && configFailure.until > now()) throw configFailure.error;
    const data = await requestWithBusyRetry('gettoken', 'GET', { corpid: options.corpId, corpsecret: options.secret });
    if (Number(data.errcode ?? 0) !== 0) {
      const error = failure('gettoken', data);
      if (error instanceof WecomConfigurationError) configFailure = { error, until: now() + cooldownMs };
      throw error;
    }
    configFailure = null;
    const token = parse('gettoken', tokenSchema, data);
    return { token: token.access_token, expiresInSeconds: token.expires_in };
  }

  const tokens = createAccessTokenCache({
    platform: 'wecom',
    appId: options.corpId,
    secret: options.secret,
    fetchToken,
    refreshMarginMs: options.refreshMarginMs,
    now,
  });

  async function call<S extends z.ZodType>(
    api: string,
    schema: S,
    init: { method?: 'GET' | 'POST'; query?: Query; body?: unknown } = {},
  ): Promise<z.infer<S>> {
    const method = init.method ?? 'GET';
    let refetchedToken = false;
    for (;;) {
      const token = await tokens.get();
      const data = await requestWithBusyRetry(api, method, { ...init.query, access_token: token }, init.body);
      const errcode = Number(data.errcode ?? 0);
      if (errcode === 0) return parse(api, schema, data);
      // WeCom may invalidate a token before its expiry: drop it, fetch a new one, retry once.
      if (TOKEN_ERRCODES.includes(errcode) && !refetchedToken) {
        refetchedToken = true;
        await tokens.invalidate(token);
        continue;
      }
      throw failure(api, data);
    }
  }

  function ticketCache(kind: string, api: string, query: Query): AccessTokenCache {
    return createAccessTokenCache({
      platform: `wecom-${kind}`,
      appId: `${options.corpId}:${agentId ?? ''}`,
      secret: options.secret,
      refreshMarginMs: options.refreshMarginMs,
      now,
      fetchToken: async () => {
        const ticket = await call(api, ticketSchema, { query });
        return { token: ticket.ticket, expiresInSeconds: ticket.expires_in };
      },
    });
  }
  const jsapiTickets = ticketCache('jsapi-ticket', 'get_jsapi_ticket', {});
  const agentTickets = ticketCache('agent-ticket', 'ticket/get', { type: 'agent_config' });

  function requireAgentId(purpose: string): string {
    if (!agentId) throw new ConfigError(`WECOM_AGENT_ID is required to ${purpose}`);
    return agentId;
  }

  return {
    corpId: options.corpId,
    agentId,
    getAccessToken: () => tokens.get(),

    async getExternalContact(externalUserId) {
      const followUsers: FollowUser[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CURSOR_PAGES; page++) {
        const data = await call('externalcontact/get', getExternalContactSchema, {
          query: { external_userid: externalUserId, cursor },
        });
        followUsers.push(...data.follow_user);
        if (!data.next_cursor) return { externalContact: data.external_contact, followUsers };
        cursor = data.next_cursor;
      }
      throw new WecomApiError(0, 'externalcontact/get', 'cursor never ended');
    },

    async getFollowUserList() {
      return (await call('externalcontact/get_follow_user_list', followUserListSchema)).follow_user;
    },

    async batchGetByUser({ userIds, cursor, limit }) {
      const data = await call('externalcontact/batch/get_by_user', batchGetByUserSchema, {
        method: 'POST',
        body: { userid_list: userIds, cursor: cursor ?? '', limit: limit ?? 100 },
      });
      return { items: data.external_contact_list, nextCursor: data.next_cursor || undefined };
    },

    async getCorpTagList(input = {}) {
      const data = await call('externalcontact/get_corp_tag_list', corpTagListSchema, {
        method: 'POST',
        body: { tag_id: input.tagIds ?? [], group_id: input.groupIds ?? [] },
      });
      return data.tag_group;
    },

    async transferCustomer({ resigned, handoverUserId, takeoverUserId, externalUserIds, transferSuccessMsg }) {
      const data = await call(resigned ? 'externalcontact/resigned/transfer_customer' : 'externalcontact/transfer_customer', transferCustomerSchema, {
        method: 'POST',
        body: {
          handover_userid: handoverUserId,
          takeover_userid: takeoverUserId,
          external_userid: externalUserIds,
          ...(!resigned && transferSuccessMsg ? { transfer_success_msg: transferSuccessMsg } : {}),
        },
      });
      return data.customer;
    },

    async transferResult({ resigned, handoverUserId, takeoverUserId }) {
      const items: TransferResultItem[] = [];
      let cursor = '';
      for (let page = 0; page < MAX_CURSOR_PAGES; page++) {
        const data = await call(resigned ? 'externalcontact/resigned/transfer_result' : 'externalcontact/transfer_result', transferResultSchema, {
          method: 'POST',
          body: { handover_userid: handoverUserId, takeover_userid: takeoverUserId, cursor },
        });
        items.push(...data.customer);
        if (!data.next_cursor) return items;
        cursor = data.next_cursor;
      }
      throw new WecomApiError(0, 'externalcontact/transfer_result', 'cursor never ended');
    },

    async getUnassignedList() {
      const items: UnassignedItem[] = [];
      let cursor = '';
      for (let page = 0; page < MAX_CURSOR_PAGES; page++) {
        const data = await call('externalcontact/get_unassigned_list', unassignedListSchema, { method: 'POST', body: { cursor, page_size: 1000 } });
        items.push(...data.info);
        if (!data.next_cursor || data.is_last === true) return items;
        cursor = data.next_cursor;
      }
      throw new WecomApiError(0, 'externalcontact/get_unassigned_list', 'cursor never ended');
    },

    async markTag({ userId, externalUserId, addTag, removeTag }) {
      await call('externalcontact/mark_tag', okSchema, {
        method: 'POST',
        body: { userid: userId, external_userid: externalUserId, add_tag: addTag, remove_tag: removeTag },
      });
    },

    async sendMessage(to, content, sendOptions = {}) {
      const body = {
        touser: to.touser?.join('|'),
        toparty: to.toparty?.join('|'),
        totag: to.totag?.join('|'),
        agentid: Number(requireAgentId('send app messages')),
        safe: sendOptions.safe ? 1 : 0,
        ...(sendOptions.duplicateCheckIntervalSeconds !== undefined
          ? { enable_duplicate_check: 1, duplicate_check_interval: Math.min(sendOptions.duplicateCheckIntervalSeconds, 4 * 3600) }
          : { enable_duplicate_check: 0 }),
        ...content,
      };
      return call('message/send', messageSendSchema, { method: 'POST', body });
    },

    getJsapiTicket: () => jsapiTickets.get(),
    getAgentConfigTicket: () => {
      requireAgentId('sign wx.agentConfig');
      return agentTickets.get();
    },

    async getUserInfoByCode(code) {
      try {
        return await call('auth/getuserinfo', userInfoByCodeSchema, { query: { code } });
      } catch (error) {
        // 40029: invalid, used or expired code (single use, 5 minutes).
        if (error instanceof WecomApiError && error.errcode === 40029) throw new Unauthenticated('invalid or expired WeCom login code');
        throw error;
      }
    },

    getUser: (userId) => call('user/get', userSchema, { query: { userid: userId } }),

    async listDepartments(departmentId) {
      return (await call('department/list', departmentListSchema, { query: { id: departmentId } })).department;
    },

    async listUsers(departmentId) {
      return (await call('user/list', userListSchema, { query: { department_id: departmentId, fetch_child: 1 } })).userlist;
    },
  };
}

function describeTransportError(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; name?: string };
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || e.name === 'CanceledError' || e.code === 'ERR_CANCELED') {
    return `timed out after ${timeoutMs} ms`;
  }
  return e.code ?? 'network error';
}
