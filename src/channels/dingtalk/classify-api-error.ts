/**
 * DingTalk error codes → what to do. Legacy oapi answers HTTP 200 with `{errcode, errmsg}`;
 * the v1.0 OpenAPI answers HTTP status codes with `{code, message}`.
 * Sources: chat-platforms.md §5 (call-frequency limits, error envelope) and DingTalk's global error codes.
 */
export type ErrorAction =
  | { action: 'invalid_token' }
  | { action: 'config'; what: string }
  | { action: 'throttled'; retryAfterMs: number }
  | { action: 'busy' }
  | { action: 'rejected' };

const INVALID_TOKEN: readonly number[] = [40014, 42001, 41001];
const CONFIG: Record<number, string> = {
  40089: 'invalid appKey or appSecret',
  40095: 'invalid appKey',
  40096: 'invalid appSecret',
  60011: 'permission not granted to the app',
  60020: 'server IP not in the app allow-list',
  43004: 'app not enabled',
};
const THROTTLED: Record<number, number> = {
  90002: 1_000, // global per-API limit
  90006: 1_000,
  90018: 1_000,
  90019: 1_000, // per app per corp QPS
  90020: 60 * 60_000, // monthly quota: nothing will pass for a long while
};
const BUSY: readonly number[] = [-1, 15];

export function classifyOapiError(errcode: number, subCode?: string): ErrorAction {
  if (INVALID_TOKEN.includes(errcode)) return { action: 'invalid_token' };
  const what = CONFIG[errcode];
  if (what) return { action: 'config', what };
  const wait = THROTTLED[errcode];
  if (wait !== undefined) return { action: 'throttled', retryAfterMs: wait };
  if (BUSY.includes(errcode)) return { action: 'busy' };
  if (errcode === 88) {
    // 88 = authorisation failure; the sub_code tells which. Empty sub_code = auth timeout.
    if (!subCode) return { action: 'busy' };
    if (INVALID_TOKEN.includes(Number(subCode))) return { action: 'invalid_token' };
    return { action: 'config', what: `authorisation failed (${subCode})` };
  }
  return { action: 'rejected' };
}

export function classifyOpenApiError(status: number, code: string | undefined): ErrorAction {
  const c = code ?? '';
  if (status === 401 || /^InvalidAuthentication/i.test(c) || /accesstoken/i.test(c) && /invalid|expired/i.test(c)) {
    return { action: 'invalid_token' };
  }
  if (status === 429 || /throttl|qpslimit|flowcontrol|toomanyrequests/i.test(c)) return { action: 'throttled', retryAfterMs: 1_000 };
  if (status === 403 || /^Forbidden/i.test(c)) return { action: 'config', what: `access denied (${c || status})` };
  if (status >= 500) return { action: 'busy' };
  return { action: 'rejected' };
}
