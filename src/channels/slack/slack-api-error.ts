import type { CrmErrorKind } from '../../errors.js';
import { PlatformApiError } from '../shared/platform-api-error.js';

/** Every failure of a Slack Web API call or response_url post; `code` is Slack's `error` string or the HTTP status. */
export class SlackApiError extends PlatformApiError {
  override name = 'SlackApiError';
  constructor(kind: CrmErrorKind, message: string, code: string, retryable: boolean, retryAfterMs?: number) {
    super('slack', kind, message, code, retryable, retryAfterMs);
  }
}

/** HTTP 429: wait `Retry-After` seconds. */
export class SlackRateLimited extends SlackApiError {
  override name = 'SlackRateLimited';
  constructor(retryAfterMs: number) {
    super('unavailable', `Slack rate limit reached; retry in ${Math.ceil(retryAfterMs / 1000)} s`, 'ratelimited', true, retryAfterMs);
  }
}

/** The bot token is missing, revoked or lacks a scope: an admin must fix the app. */
export class SlackConfigError extends SlackApiError {
  override name = 'SlackConfigError';
  constructor(code: string) {
    super('forbidden', `Slack refused the app configuration (${code})`, code, false);
  }
}

export class SlackUnavailable extends SlackApiError {
  override name = 'SlackUnavailable';
  constructor(code: string) {
    super('unavailable', `Slack is temporarily unavailable (${code})`, code, true);
  }
}

/** Slack rejected this request (unknown channel, bot not in channel, bad blocks…). */
export class SlackRequestRejected extends SlackApiError {
  override name = 'SlackRequestRejected';
  constructor(code: string) {
    super('invalid', `Slack rejected the request (${code.slice(0, 100)})`, code, false);
  }
}

/** A response_url that is expired or used up (5 posts / 30 min): post through chat.postMessage instead. */
export class ResponseUrlUnusable extends SlackApiError {
  override name = 'ResponseUrlUnusable';
  constructor(code: string) {
    super('invalid', `Slack response_url can no longer be used (${code})`, code, false);
  }
}
