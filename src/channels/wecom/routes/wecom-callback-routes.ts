import { z } from 'zod';
import { WecomCallbackRejected } from '../callback-rejected.js';
import { normalizeCallback } from '../normalize-callback.js';
import { openCallback } from '../open-callback.js';
import { parseCallbackXml } from '../parse-callback-xml.js';
import { readCallbackEnvelope } from '../read-callback-envelope.js';
import type { CallbackCredentials } from '../open-callback.js';
import { tenantSlug } from '../../../crm/tenants/add-tenant.js';
import { NotFound } from '../../../errors.js';
import { wecomCallbackCredentials, type WecomRuntime } from '../wecom-runtime.js';
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

type CallbackOf = (ctx: AppContext) => Promise<{ credentials: CallbackCredentials; tenantId: string }>;

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
 *
 * GET|POST /callbacks/wecom/:slug — the same for a company added with `npm run tenant:add`: its
 * stored Token/EncodingAESKey/CorpID (given `runtime`), its events in its tenant; 404 for a slug
 * with no WeCom callback settings.
 */
export function wecomCallbackRoutes(router: AppRouter, deps: AppDeps, runtime?: Pick<WecomRuntime, 'callbackForSlug'>): void {
  const limit = deps.config.CALLBACK_BODY_LIMIT_BYTES;
  const maxSkewSeconds = deps.config.CALLBACK_MAX_SKEW_SECONDS;
  const rateLimit = deps.callbackRateLimit;

  const verify = (callbackOf: CallbackOf) => async (ctx: AppContext) => {
    const { credentials } = await callbackOf(ctx);
    const q = readQuery(ctx, verifyQuery);
    const echo = await rejectingLoudly(ctx, () =>
      openCallback(credentials, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = echo;
  };

  const accept = (callbackOf: CallbackOf) => async (ctx: AppContext) => {
    const { credentials, tenantId } = await callbackOf(ctx);
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
  };

  const fromEnvironment: CallbackOf = async () => ({ credentials: wecomCallbackCredentials(deps.config), tenantId: String(deps.defaultTenantId) });
  router.get('/callbacks/wecom', rateLimit, verify(fromEnvironment));
  router.post('/callbacks/wecom', rateLimit, accept(fromEnvironment));
  if (!runtime) return;

  // A company added with `npm run tenant:add`: its own Token/EncodingAESKey/CorpID, its events in its tenant.
  const ofSlug: CallbackOf = async (ctx) => {
    const slug = tenantSlug.safeParse(ctx.params.slug);
    if (!slug.success) throw new NotFound('WeCom callback');
    const found = await runtime.callbackForSlug(slug.data);
    return { credentials: found.credentials, tenantId: String(found.tenantId) };
  };
  router.get('/callbacks/wecom/:slug', rateLimit, verify(ofSlug));
  router.post('/callbacks/wecom/:slug', rateLimit, accept(ofSlug));
}
