import type { CrmApi } from '../api/crm-api.js';
import type { JssdkConfig, SignatureData } from '../api/api-types.js';
import { ApiError } from '../api/http-client.js';
import { postJson } from '../api/post-json.js';
import { PlatformError, type SidebarPlatform } from './sidebar-platform.js';

const TOKEN_KEY = 'chatcrm.sidebar.token';
const STATE_KEY = 'chatcrm.sidebar.oauthState';
const REDIRECTS_KEY = 'chatcrm.sidebar.oauthRedirects';
/** Entries from which getCurExternalContact can answer (wecom.md §6). */
const CONTACT_ENTRIES = new Set(['single_chat_tools', 'contact_profile', 'single_kf_tools']);

/** Inside the WeCom client: OAuth2 snsapi_base for identity, the JS-SDK for the current client. */
export function createWeComPlatform(): SidebarPlatform {
  let pendingCode: { code: string; state: string | null } | null = takeOAuthCode();

  return {
    mode: 'wecom',
    assertHost() {
      // The JS-SDK's own detection is the user agent too; checking it here avoids loading the SDK for nothing.
      if (!/wxwork/i.test(navigator.userAgent)) {
        throw new PlatformError('notInWeCom', navigator.userAgent.slice(0, 160));
      }
    },
    storedToken() {
      const token = sessionStorage.getItem(TOKEN_KEY);
      return token && !isExpired(token) ? token : null;
    },
    async login() {
      sessionStorage.removeItem(TOKEN_KEY);
      const returned = pendingCode;
      pendingCode = null;
      if (returned && returned.state !== null && returned.state === sessionStorage.getItem(STATE_KEY)) {
        sessionStorage.removeItem(STATE_KEY);
        try {
          const { token } = await postJson<{ token: string }>('/api/auth/wecom', { code: returned.code });
          sessionStorage.setItem(TOKEN_KEY, token);
          sessionStorage.removeItem(REDIRECTS_KEY);
          return token;
        } catch (err) {
          if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
            throw new PlatformError('authFailed', `${err.code}: ${err.message}`);
          }
          if (!(err instanceof ApiError)) throw err;
          // A stale/used code (401): one more round-trip below gets a fresh one.
        }
      }
      return redirectToOAuth();
    },
    async currentExternalContact(api: CrmApi) {
      const ww = await import('@wecom/jssdk');
      const pageUrl = location.href.split('#')[0] ?? location.href;
      const first = await api.jssdkConfig(pageUrl).catch((err: unknown) => {
        // Without signatures there is no agentConfig: same screen, with the server's reason.
        if (err instanceof ApiError && err.status !== 401) {
          throw new PlatformError('agentConfigFailed', `jssdk-config ${err.status} ${err.code}: ${err.message}`);
        }
        throw err;
      });
      let agentConfigError: string | null = null;
      let configError: string | null = null;
      const signatures = async (url: string, pick: (c: JssdkConfig) => SignatureData) =>
        pick(url === pageUrl ? first : await api.jssdkConfig(url));
      ww.register({
        corpId: first.corpId,
        agentId: first.agentId,
        jsApiList: ['getContext', 'getCurExternalContact', 'sendChatMessage'],
        getConfigSignature: (url) => signatures(url, (c) => c.config),
        getAgentConfigSignature: (url) => signatures(url, (c) => c.agentConfig),
        onConfigFail: (res) => {
          configError = describe(res);
        },
        onAgentConfigFail: (res) => {
          agentConfigError = describe(res);
        },
      });
      let entry: string;
      try {
        entry = String((await ww.getContext()).entry);
      } catch (err) {
        throw classify(err, agentConfigError ?? configError);
      }
      if (!CONTACT_ENTRIES.has(entry)) throw new PlatformError('noContactContext', `entry: ${entry}`);
      try {
        const { userId } = await ww.getCurExternalContact();
        return userId;
      } catch (err) {
        throw classify(err, agentConfigError ?? configError);
      }
    },
    async shareLink(link) {
      const ww = await import('@wecom/jssdk');
      try {
        await ww.sendChatMessage({ msgtype: 'news', news: { link: link.url, title: link.title, desc: link.desc, imgUrl: '' } });
      } catch (err) {
        throw new Error(describe(err));
      }
    },
    isOffline: () => false,
    onRetry() {},
  };
}

function classify(err: unknown, signatureError: string | null): Error {
  if (err instanceof ApiError || err instanceof PlatformError) return err;
  const msg = describe(err);
  // A failed agentConfig surfaces later as "no permission"; its own reason is the useful one.
  if (signatureError) return new PlatformError('agentConfigFailed', signatureError);
  if (/without context/i.test(msg)) return new PlatformError('noContactContext', msg);
  if (/no permission|permission denied/i.test(msg)) return new PlatformError('noPermission', msg);
  return new PlatformError('agentConfigFailed', msg);
}

function describe(res: unknown): string {
  if (res instanceof Error) return res.message;
  if (res && typeof res === 'object' && 'errMsg' in res) return String((res as { errMsg: unknown }).errMsg);
  return String(res);
}

/** Reads `code`/`state` from the OAuth return and removes them, so the JS-SDK signs the clean URL. */
function takeOAuthCode(): { code: string; state: string | null } | null {
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  if (!code) return null;
  const state = url.searchParams.get('state');
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  history.replaceState(history.state, '', url.toString());
  return { code, state };
}

function redirectToOAuth(): Promise<never> {
  // Guard against a redirect loop when WeCom keeps refusing (e.g. untrusted domain).
  const recent = JSON.parse(sessionStorage.getItem(REDIRECTS_KEY) ?? '[]') as number[];
  const now = Date.now();
  const window = recent.filter((t) => now - t < 60_000);
  if (window.length >= 2) {
    sessionStorage.removeItem(REDIRECTS_KEY);
    return Promise.reject(new PlatformError('authFailed', 'OAuth did not return a usable code twice in a row'));
  }
  sessionStorage.setItem(REDIRECTS_KEY, JSON.stringify([...window, now]));
  const state = randomState();
  sessionStorage.setItem(STATE_KEY, state);
  const returnTo = location.pathname + location.search;
  location.replace(`/api/auth/wecom/authorize?returnTo=${encodeURIComponent(returnTo)}&state=${state}`);
  return new Promise<never>(() => {});
}

function randomState(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isExpired(token: string): boolean {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' && payload.exp * 1000 < Date.now() + 30_000;
  } catch {
    return true;
  }
}
