import { z } from 'zod';
import { WecomCallbackRejected } from '../callback-rejected.js';
import { normalizeCallback } from '../normalize-callback.js';
import { openCallback } from '../open-callback.js';
import { parseCallbackXml } from '../parse-callback-xml.js';
import { readCallbackEnvelope } from '../read-callback-envelope.js';
import { wecomCallbackCredentials } from '../wecom-runtime.js';
import type { AppContext, AppRouter } from '../../../http/app-context.js';
import type { AppDeps } from '../../../app/app-module.js';
import { readQuery, readRawBody } from '../../../http/read-body.js';

const signed = {
  msg_signature: z.string().min(1).max(128),
  timestamp: z.string().min(1).max(32),
  nonce: z.string().min(1).max(128),
};
const verifyQuery = z.object({ ...signed, echostr: z.string().min(1).max(4096) });
const messageQuery = z.object(signed);

/** Refusals say nothing to the caller; the reason goes to our log (it's how a wrong token shows up). */
async function rejectingLoudly<T>(ctx: AppContext, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WecomCallbackRejected) ctx.state.log.warn({ reason: error.reason }, 'WeCom callback rejected');
    throw error;
  }
}

/**
 * GET  /callbacks/wecom — URL verification: verify, decrypt echostr, answer it as plain text.
 * POST /callbacks/wecom — read `Encrypt` from the envelope (a bounded scan, no XML parser) →
 * verify the signature → check the timestamp is fresh → decrypt → parse → normalize → persist in
 * the inbox → 200 with an empty body. Nothing slow runs before the answer; a refused callback
 * stores nothing; a database that cannot confirm the write gets a 503 so WeCom delivers again.
 *
 * Freshness applies to POST only. WeCom retries a message 3 times within ~15 s with the same
 * timestamp and the inbox dedupes them, so a ±CALLBACK_MAX_SKEW_SECONDS window (≥ 60 s) admits
 * every genuine retry while refusing a capture replayed later. The GET check is exempt: it
 * changes nothing and only echoes what the caller already sent.
 */
export function wecomCallbackRoutes(router: AppRouter, deps: AppDeps): void {
  const limit = deps.config.CALLBACK_BODY_LIMIT_BYTES;
  const maxSkewSeconds = deps.config.CALLBACK_MAX_SKEW_SECONDS;
  const tenantId = String(deps.defaultTenantId);
  const rateLimit = deps.callbackRateLimit;

  router.get('/callbacks/wecom', rateLimit, async (ctx) => {
    const credentials = wecomCallbackCredentials(deps.config);
    const q = readQuery(ctx, verifyQuery);
    const echo = await rejectingLoudly(ctx, () =>
      openCallback(credentials, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = echo;
  });

  router.post('/callbacks/wecom', rateLimit, async (ctx) => {
    const credentials = wecomCallbackCredentials(deps.config);
    const q = readQuery(ctx, messageQuery);
    const raw = await readRawBody(ctx, limit);
    const receivedAt = new Date();
    const event = await rejectingLoudly(ctx, async () => {
      const encrypt = readCallbackEnvelope(raw.toString('utf8'));
      const signed = { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt };
      const plaintext = openCallback(credentials, signed, { maxSkewSeconds });
      const fields = await parseCallbackXml(plaintext);
      return normalizeCallback(fields, { tenantId, plaintext, receivedAt });
    });
    const accepted = await deps.inbox.accept(event, { timeoutMs: 3_000 });
    ctx.state.log.debug({ kind: event.kind, duplicate: accepted.duplicate }, 'WeCom callback accepted');
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = '';
  });
}
