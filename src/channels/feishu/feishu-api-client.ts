import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import type { MessageBody } from '../../messaging/outbound-message.js';
import { createAccessTokenCache, type AccessTokenCache } from '../shared/access-token-cache.js';
import { FeishuApiError, FeishuConfigError, FeishuRateLimited, FeishuRequestRejected, FeishuUnavailable } from './feishu-api-error.js';
import { renderFeishuCard, renderFeishuMessage } from './render-message.js';
import { createSendPacer, type SendPacer } from './send-pacer.js';

export interface FeishuApiClientOptions {
  appId: string;
  appSecret: string;
  /** `https://open.feishu.cn` (Lark: `https://open.larksuite.com`). */
  apiBase: string;
  timeoutMs?: number;
  /** Defaults to the MongoDB-shared cache (sealed at rest), one tenant_access_token per app. */
  tokenCache?: AccessTokenCache;
  /** Keeps sends under Feishu's 5 QPS per user/chat and 50/s per app (per instance). */
  pacer?: SendPacer;
}

export interface FeishuUser {
  openId: string;
  name: string;
  email?: string;
  mobile?: string;
}

export type ReceiveIdType = 'open_id' | 'user_id' | 'union_id' | 'email' | 'chat_id';

export interface FeishuApiClient {
  getTenantAccessToken(): Promise<string>;
  /** `POST im/v1/messages/{messageId}/reply`; `uuid` makes a resend within 1 h a no-op. */
  reply(messageId: string, body: MessageBody, uuid?: string): Promise<{ messageId: string }>;
  /** `POST im/v1/messages?receive_id_type=…`. */
  send(receiveIdType: ReceiveIdType, receiveId: string, body: MessageBody, uuid?: string): Promise<{ messageId: string }>;
  /** `PATCH im/v1/messages/{messageId}`: replaces a card the bot sent (after a button press). */
  update(messageId: string, body: MessageBody): Promise<void>;
  /** Contact API; null when Feishu knows nobody by that open_id (or the app may not see them). */
  getUser(openId: string): Promise<FeishuUser | null>;
}

/** Feishu issues 2 h tokens and a new one when < 30 min remain: refresh then. */
const TOKEN_REFRESH_MARGIN_MS = 30 * 60_000;
const INVALID_TOKEN: readonly number[] = [99991661, 99991663, 99991664, 99991668];
const CONFIG: Record<number, string> = {
  10003: 'invalid app_id',
  10014: 'invalid app_secret',
  99991672: 'permission not granted to the app',
  99991679: 'permission not granted by the user',
  230002: 'the bot is not in the chat',
};
const RATE_LIMITED: readonly number[] = [99991400, 230020];
const USER_NOT_VISIBLE: readonly number[] = [40003, 41050, 40001];

const envelope = z.looseObject({ code: z.number(), msg: z.string().optional(), data: z.unknown().optional() });
const tokenResponse = z.looseObject({ code: z.literal(0), tenant_access_token: z.string().min(1), expire: z.number().int().positive() });
const messageData = z.looseObject({ message_id: z.string().min(1) });
const userData = z.looseObject({
  user: z.looseObject({ open_id: z.string().optional(), name: z.string().optional(), email: z.string().optional(), enterprise_email: z.string().optional(), mobile: z.string().optional() }),
});

function retryAfterMsOf(res: AxiosResponse): number {
  const header = Number(res.headers['retry-after'] ?? res.headers['x-ogw-ratelimit-reset']);
  return Number.isFinite(header) && header > 0 ? Math.min(header * 1000, 3600_000) : 1_000;
}

export function createFeishuApiClient(options: FeishuApiClientOptions): FeishuApiClient {
  const base = options.apiBase.replace(/\/+$/, '');
  const http: AxiosInstance = axios.create({ timeout: options.timeoutMs ?? 5_000, validateStatus: () => true, proxy: false });

  async function post(url: string, data: unknown, headers: Record<string, string> = {}): Promise<AxiosResponse> {
    try {
      return await http.post(url, data, { headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
    } catch {
      throw new FeishuUnavailable('network');
    }
  }

  async function fetchToken() {
    const res = await post(`${base}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: options.appId, app_secret: options.appSecret });
    if (res.status === 429) throw new FeishuRateLimited('429', retryAfterMsOf(res));
    if (res.status >= 500) throw new FeishuUnavailable(String(res.status));
    const ok = tokenResponse.safeParse(res.data);
    if (ok.success) return { token: ok.data.tenant_access_token, expiresInSeconds: ok.data.expire };
    const env = envelope.safeParse(res.data);
    throw new FeishuConfigError(String(env.data?.code ?? res.status), env.data?.msg ?? 'tenant_access_token refused');
  }

  const tokens =
    options.tokenCache ??
    createAccessTokenCache({ platform: 'feishu', appId: options.appId, secret: options.appSecret, fetchToken, refreshMarginMs: TOKEN_REFRESH_MARGIN_MS });

  /** One authenticated call: a refused token is dropped and the call made once more with a fresh one. */
  async function call(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      let res: AxiosResponse;
      try {
        res = await http.request({
          method,
          url: `${base}${path}`,
          data,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        });
      } catch {
        throw new FeishuUnavailable('network');
      }
      const env = envelope.safeParse(res.data);
      const code = env.success ? env.data.code : undefined;
      if (res.status === 429 || (code !== undefined && RATE_LIMITED.includes(code))) throw new FeishuRateLimited(String(code ?? 429), retryAfterMsOf(res));
      if (code !== undefined && INVALID_TOKEN.includes(code)) {
        await tokens.invalidate(token);
        if (attempt === 0) continue;
        throw new FeishuUnavailable(String(code));
      }
      if (code === 0) return env.data?.data;
      if (res.status >= 500 || code === undefined) throw new FeishuUnavailable(String(code ?? res.status));
      const what = CONFIG[code];
      if (what) throw new FeishuConfigError(String(code), what);
      throw new FeishuRequestRejected(String(code), env.data?.msg ?? '');
    }
  }

  const pacer = options.pacer ?? createSendPacer();
  const messageIdOf = (data: unknown) => ({ messageId: messageData.safeParse(data).data?.message_id ?? '' });

  return {
    getTenantAccessToken: () => tokens.get(),
    async reply(messageId, body, uuid) {
      await pacer.wait(`message:${messageId}`);
      const data = await call('POST', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/reply`, {
        ...renderFeishuMessage(body),
        ...(uuid ? { uuid: uuid.slice(0, 50) } : {}),
      });
      return messageIdOf(data);
    },
    async send(receiveIdType, receiveId, body, uuid) {
      await pacer.wait(`${receiveIdType}:${receiveId}`);
      const data = await call('POST', `/open-apis/im/v1/messages?receive_id_type=${receiveIdType}`, {
        receive_id: receiveId,
        ...renderFeishuMessage(body),
        ...(uuid ? { uuid: uuid.slice(0, 50) } : {}),
      });
      return messageIdOf(data);
    },
    async update(messageId, body) {
      await pacer.wait(`message:${messageId}`);
      await call('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, { content: renderFeishuCard(body).content });
    },
    async getUser(openId) {
      let data: unknown;
      try {
        data = await call('GET', `/open-apis/contact/v3/users/${encodeURIComponent(openId)}?user_id_type=open_id`);
      } catch (error) {
        if (error instanceof FeishuApiError && !error.retryable && USER_NOT_VISIBLE.includes(Number(error.code))) return null;
        throw error;
      }
      const user = userData.safeParse(data);
      if (!user.success) return null;
      const u = user.data.user;
      const email = u.email || u.enterprise_email;
      return { openId, name: u.name ?? '', ...(email ? { email } : {}), ...(u.mobile ? { mobile: u.mobile } : {}) };
    },
  };
}
