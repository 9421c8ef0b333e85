import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import type { MessageBody } from '../../messaging/outbound-message.js';
import { renderSlackMessage } from './render-blocks.js';
import { ResponseUrlUnusable, SlackConfigError, SlackRateLimited, SlackRequestRejected, SlackUnavailable } from './slack-api-error.js';

export interface SlackApiClientOptions {
  /** `https://slack.com/api`. */
  apiBase: string;
  /** Bot token (xoxb-…); without it only response_url replies work. */
  botToken?: string;
  timeoutMs?: number;
}

export interface SlackUser {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export interface SlackApiClient {
  readonly canPost: boolean;
  postMessage(channel: string, body: MessageBody, threadTs?: string): Promise<{ ts: string }>;
  /**
   * Replies through a slash command's (or a button's) response_url: ephemeral (only the invoker
   * sees it), or with `replaceOriginal` the message the button was on is replaced.
   */
  postToResponseUrl(url: string, body: MessageBody, options?: { replaceOriginal?: boolean }): Promise<void>;
  /** `chat.update`: replaces a message the bot posted (channel + ts). */
  updateMessage(channel: string, ts: string, body: MessageBody): Promise<void>;
  /** `views.open` with a trigger_id (valid 3 s after the click). */
  openView(triggerId: string, view: Record<string, unknown>): Promise<void>;
  /** null for an unknown user; `email` needs the users:read.email scope. */
  getUser(userId: string): Promise<SlackUser | null>;
}

const CONFIG_ERRORS: readonly string[] = ['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission', 'not_allowed_token_type'];
const BUSY_ERRORS: readonly string[] = ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'];

const webEnvelope = z.looseObject({ ok: z.boolean(), error: z.string().optional() });
const postMessageData = z.looseObject({ ts: z.string() });
const userInfo = z.looseObject({
  user: z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    profile: z.looseObject({ email: z.string().optional(), phone: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

function retryAfterMsOf(res: AxiosResponse): number {
  const seconds = Number(res.headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(Math.max(seconds, 1) * 1000, 3600_000) : 30_000;
}

export function createSlackApiClient(options: SlackApiClientOptions): SlackApiClient {
  const base = options.apiBase.replace(/\/+$/, '');
  const http: AxiosInstance = axios.create({ timeout: options.timeoutMs ?? 5_000, validateStatus: () => true, proxy: false });

  async function send(url: string, data: unknown, headers: Record<string, string>): Promise<AxiosResponse> {
    try {
      return await http.post(url, data, { headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
    } catch {
      throw new SlackUnavailable('network');
    }
  }

  /**
   * A Web API method: HTTP 429 → Retry-After; `{ok:false,error}` → config / busy / rejected. Read
   * methods (users.info) take form-encoded arguments only; write methods take JSON.
   */
  async function web(method: string, data: Record<string, string | unknown>, encoding: 'json' | 'form' = 'json'): Promise<unknown> {
    if (!options.botToken) throw new SlackConfigError('no_bot_token');
    const auth = { authorization: `Bearer ${options.botToken}` };
    const res =
      encoding === 'form'
        ? await send(`${base}/${method}`, new URLSearchParams(data as Record<string, string>).toString(), { ...auth, 'content-type': 'application/x-www-form-urlencoded' })
        : await send(`${base}/${method}`, data, auth);
    if (res.status === 429) throw new SlackRateLimited(retryAfterMsOf(res));
    if (res.status >= 500) throw new SlackUnavailable(String(res.status));
    const env = webEnvelope.safeParse(res.data);
    if (!env.success) throw new SlackUnavailable(`http_${res.status}`);
    if (env.data.ok) return res.data;
    const code = env.data.error ?? 'unknown_error';
    if (code === 'ratelimited') throw new SlackRateLimited(retryAfterMsOf(res));
    if (CONFIG_ERRORS.includes(code)) throw new SlackConfigError(code);
    if (BUSY_ERRORS.includes(code)) throw new SlackUnavailable(code);
    throw new SlackRequestRejected(code);
  }

  return {
    canPost: Boolean(options.botToken),
    async postMessage(channel, body, threadTs) {
      const data = await web('chat.postMessage', { channel, ...renderSlackMessage(body), ...(threadTs ? { thread_ts: threadTs } : {}) });
      return { ts: postMessageData.safeParse(data).data?.ts ?? '' };
    },
    async postToResponseUrl(url, body, opts = {}) {
      const res = await send(url, { response_type: 'ephemeral', replace_original: Boolean(opts.replaceOriginal), ...renderSlackMessage(body) }, {});
      if (res.status === 429) throw new SlackRateLimited(retryAfterMsOf(res));
      if (res.status >= 500) throw new SlackUnavailable(String(res.status));
      if (res.status === 404 || res.status === 410) throw new ResponseUrlUnusable(typeof res.data === 'string' ? res.data.slice(0, 50) : `http_${res.status}`);
      if (res.status >= 400) throw new SlackRequestRejected(typeof res.data === 'string' ? res.data.slice(0, 100) : `http_${res.status}`);
    },
    async updateMessage(channel, ts, body) {
      await web('chat.update', { channel, ts, ...renderSlackMessage(body) });
    },
    async openView(triggerId, view) {
      await web('views.open', { trigger_id: triggerId, view });
    },
    async getUser(userId) {
      let data: unknown;
      try {
        data = await web('users.info', { user: userId }, 'form');
      } catch (error) {
        if (error instanceof SlackRequestRejected && error.code === 'user_not_found') return null;
        throw error;
      }
      const parsed = userInfo.safeParse(data);
      if (!parsed.success || parsed.data.user.deleted) return null;
      const u = parsed.data.user;
      return {
        id: u.id,
        name: u.profile?.real_name || u.real_name || u.name || u.id,
        ...(u.profile?.email ? { email: u.profile.email } : {}),
        ...(u.profile?.phone ? { phone: u.profile.phone } : {}),
      };
    },
  };
}
