import { Unavailable } from '../../../errors.js';

/** WeCom answered with a non-zero errcode we don't handle specially. */
export class WecomApiError extends Unavailable {
  override name = 'WecomApiError';
  /** Whether trying the same call later may succeed. */
  readonly retryable: boolean;
  constructor(
    readonly errcode: number,
    readonly api: string,
    errmsg: string,
  ) {
    super(`WeCom ${api} failed: errcode ${errcode} (${errmsg})`);
    this.retryable = errcode === -1;
  }
}

const CONFIGURATION_HINTS: Record<number, string> = {
  40001: 'WeCom rejected the app secret (40001). Set WECOM_SECRET to the Secret of the self-built app (admin console → 应用管理 → the app → Secret).',
  40013: 'WeCom rejected the corp id (40013). Set WECOM_CORP_ID to the CorpID shown under 我的企业 → 企业信息.',
  40091: 'WeCom says the app secret is invalid (40091); it may have been reset. Copy the current Secret into WECOM_SECRET.',
  60020: "This server's IP is not in the app's trusted IPs (60020). Add the egress IP (see the message) under the app's 企业可信IP; it takes about a minute to apply.",
  48002: 'The app may not call this API (48002). For customer-contact APIs add the app under 客户联系 → API → 可调用接口的应用, and check the app\'s permissions.',
};

/** Errcodes that mean the app's settings are wrong: fixing them takes a person, so they are never retried in a loop. */
export function isConfigurationErrcode(errcode: number): boolean {
  return Object.hasOwn(CONFIGURATION_HINTS, errcode);
}


/**
 * Our configuration is wrong (secret, corp id, trusted IP, permissions). Retrying can't help until
 * an admin fixes it, and repeated secret errors can get the server's IP banned for an hour.
 */
export class WecomConfigurationError extends Unavailable {
  override name = 'WecomConfigurationError';
  readonly retryable = false;
  constructor(
    readonly errcode: number,
    readonly api: string,
    errmsg: string,
  ) {
    super(`${CONFIGURATION_HINTS[errcode] ?? `WeCom configuration error ${errcode}.`} [${api}: ${errmsg}]`);
  }
}

/** 45009 (frequency) or 45033 (concurrency): slow down; `retryAfterMs` says for how long. */
export class WecomRateLimitError extends Unavailable {
  override name = 'WecomRateLimitError';
  readonly retryable = true;
  constructor(
    readonly errcode: number,
    readonly api: string,
    readonly retryAfterMs: number,
  ) {
    super(`WeCom ${api} rate limited (errcode ${errcode}); retry after ${Math.round(retryAfterMs / 1000)} s`);
  }
}

/** Network failure, timeout or a non-200 HTTP status: WeCom gave no answer we can read. */
export class WecomUnreachable extends Unavailable {
  override name = 'WecomUnreachable';
  readonly retryable = true;
  constructor(
    readonly api: string,
    reason: string,
  ) {
    super(`WeCom ${api} unreachable: ${reason}`);
  }
}
