import type { AppDeps } from '../../../app/app-module.js';
import { InvalidInput, Unauthenticated } from '../../../errors.js';
import type { AppContext } from '../../../http/app-context.js';
import { readRawBody } from '../../../http/read-body.js';
import { SlackSignatureError, verifySlackRequest } from '../verify-request.js';

/** Reads the raw body and verifies the v0 signature over exactly those bytes (±5 min). */
export async function readVerified(ctx: AppContext, deps: AppDeps, signingSecret: string): Promise<Buffer> {
  const rawBody = await readRawBody(ctx, deps.config.CALLBACK_BODY_LIMIT_BYTES);
  try {
    verifySlackRequest({
      signingSecret,
      timestamp: ctx.get('x-slack-request-timestamp') || undefined,
      signature: ctx.get('x-slack-signature') || undefined,
      rawBody,
      nowMs: Date.now(),
    });
  } catch (error) {
    if (!(error instanceof SlackSignatureError)) throw error;
    ctx.state.log.warn({ reason: error.reason }, 'Slack request rejected');
    throw new Unauthenticated('request verification failed');
  }
  return rawBody;
}

export function formOf(rawBody: Buffer): URLSearchParams {
  const text = rawBody.toString('utf8');
  if (text.includes('\u0000')) throw new InvalidInput('form contains a NUL character');
  return new URLSearchParams(text);
}
