import { createHash } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';

/** A WeCom desktop client's user agent: the JS-SDK keys its behaviour on `wxwork/<version>`. */
export const WECOM_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';

export interface FakeWecomClientOptions {
  corpId: string;
  agentId: string;
  /** The app's agent_config ticket as WeCom holds it (asked from the simulator by the test). */
  agentTicket: () => Promise<string>;
  /** What getContext answers once agentConfig succeeded. */
  entry: string;
  /** The external contact of the chat the toolbar was opened in. */
  externalUserId?: string;
  /** The member is configured for 客户联系 and the app may call it. */
  customerContactPermission: boolean;
  /** Forces agentConfig to fail with this errMsg, as WeCom does for an untrusted domain etc. */
  agentConfigFailure?: string;
}

export interface FakeWecomClient {
  /** Every JSAPI the page invoked, in order, with the arguments WeCom would receive. */
  calls: { name: string; params: Record<string, unknown> }[];
}

/**
 * Emulates the WeCom client's side of the JS-SDK (window.WeixinJSBridge) in Chromium, so the
 * real `@wecom/jssdk` runs unmodified: agentConfig is checked the way WeCom checks it (corp id,
 * agent id, sha1 signature over the app ticket and the page URL without its fragment), and the
 * contact APIs answer only after a successful agentConfig, from the configured entry.
 */
export async function installFakeWecomClient(context: BrowserContext, options: FakeWecomClientOptions): Promise<FakeWecomClient> {
  const client: FakeWecomClient = { calls: [] };
  // Per document, as in WeCom: a reload must configure again.
  const configured = new Set<string>();

  await context.exposeBinding('__fakeWecomInvoke', async (_source, name: string, params: Record<string, unknown>, href: string, documentId: string) => {
    client.calls.push({ name, params });
    if (name === 'agentConfig') {
      if (options.agentConfigFailure) return { err_msg: options.agentConfigFailure };
      const url = href.split('#')[0]!;
      const string1 = `jsapi_ticket=${await options.agentTicket()}&noncestr=${String(params.nonceStr)}&timestamp=${String(params.timestamp)}&url=${url}`;
      const expected = createHash('sha1').update(string1).digest('hex');
      if (params.corpid !== options.corpId || String(params.agentid) !== options.agentId) return { err_msg: 'agentConfig:fail invalid corpid or agentid' };
      if (params.signature !== expected) return { err_msg: 'agentConfig:fail invalid signature' };
      configured.add(documentId);
      return { err_msg: 'agentConfig:ok' };
    }
    // Contact APIs need the application identity (wecom.md §6): without agentConfig, "no permission".
    if (!configured.has(documentId)) return { err_msg: `${name}:fail no permission` };
    if (name === 'getContext') return { err_msg: 'getContext:ok', entry: options.entry };
    if (name === 'getCurExternalContact') {
      if (!options.customerContactPermission) return { err_msg: 'getCurExternalContact:fail no permission' };
      if (!['single_chat_tools', 'contact_profile', 'single_kf_tools'].includes(options.entry) || !options.externalUserId) {
        return { err_msg: 'getCurExternalContact:fail without context of external contact' };
      }
      return { err_msg: 'getCurExternalContact:ok', userId: options.externalUserId };
    }
    return { err_msg: `${name}:fail function not exist` };
  });

  await context.addInitScript(() => {
    const w = window as unknown as {
      WeixinJSBridge?: unknown;
      __fakeWecomInvoke: (name: string, params: unknown, href: string, documentId: string) => Promise<unknown>;
    };
    const documentId = `${Date.now()}-${Math.random()}`;
    w.WeixinJSBridge = {
      invoke(name: string, params: unknown, callback: (res: unknown) => void) {
        void w.__fakeWecomInvoke(name, params, location.href, documentId).then(callback);
      },
      on() {},
    };
  });
  return client;
}
