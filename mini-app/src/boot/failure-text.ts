import { showToast } from 'vant';
import { ApiError, CancelledError, NetworkError, TimeoutError } from '../api/http-client.js';
import { fill, messages } from '../i18n/i18n.js';
import type { Messages } from '../i18n/zh-CN.js';

interface FieldProblem {
  path: string;
  message: string;
}

function fieldProblems(err: ApiError): FieldProblem[] {
  if (Array.isArray(err.details)) {
    return err.details.filter((d): d is FieldProblem => typeof d?.path === 'string' && typeof d?.message === 'string');
  }
  // "invalid input: phones.0: not a phone number; …" when the server sent no details.
  const m = /^invalid input: ([\w.]+): (.+?)(;|$)/.exec(err.message);
  return m ? [{ path: m[1]!, message: m[2]! }] : [];
}

function problemText(message: string, m: Messages): string {
  const p = m.errors.problem;
  if (/phone/i.test(message)) return p.phone;
  if (/empty|required|at least 1/i.test(message)) return p.empty;
  if (/too long|at most|too big/i.test(message)) return p.tooLong;
  if (/minor units|amount|greater than|positive|negative/i.test(message)) return p.amount;
  if (/tag/i.test(message)) return p.unknownTag;
  return p.format;
}

/** "phones.0" → 电话; the first segment names the field. */
function fieldLabel(path: string, m: Messages): string | null {
  const head = path.split('.')[0] ?? '';
  return m.errors.fields[head] ?? null;
}

/**
 * One sentence in the user's language saying what went wrong and what to do — never the raw
 * "Failed to fetch", "401 unauthenticated: invalid token" or "400 invalid: …".
 */
export function failureText(err: unknown): string {
  const m = messages.value;
  if (err instanceof TimeoutError) return m.errors.timeout;
  if (err instanceof NetworkError || err instanceof CancelledError) return m.errors.network;
  if (err instanceof ApiError) {
    if (err.status === 400) {
      const first = fieldProblems(err)[0];
      const label = first ? fieldLabel(first.path, m) : null;
      return first && label ? fill(m.errors.invalidField, { field: label, problem: problemText(first.message, m) }) : m.errors.invalid;
    }
    if (err.status === 401) return m.errors.auth;
    if (err.status === 403) return m.errors.forbidden;
    if (err.status === 404) return m.errors.notFound;
    if (err.status === 409) return /not in your WeCom contacts|no longer your WeCom contact/.test(err.message) ? m.errors.notYourContact : m.errors.conflict;
    if (err.status === 429) return m.errors.rateLimited;
    return m.errors.server;
  }
  return m.errors.server;
}

/** Tells the user, without leaving the screen, that an action failed and what to do. */
export function toastFailure(err: unknown): void {
  showToast({ message: failureText(err), duration: 3500 });
}
