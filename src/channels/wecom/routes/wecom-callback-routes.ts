import { z } from 'zod';
import { WecomCallbackRejected } from '../callback-rejected.js';
import { normalizeCallback } from '../normalize-callback.js';
import { openCallback } from '../open-callback.js';
import { parseCallbackXml } from '../parse-callback-xml.js';
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
 * POST /callbacks/wecom — verify → decrypt → parse → normalize → persist in the inbox → 200 with an
 * empty body. Nothing slow runs before the answer; a refused callback stores nothing; a database
 * that cannot confirm the write gets a 503 so WeCom delivers again.
 */
export function wecomCallbackRoutes(router: AppRouter, deps: AppDeps): void {
  const limit = deps.config.BODY_LIMIT_BYTES;
  const tenantId = String(deps.defaultTenantId);

  router.get('/callbacks/wecom', async (ctx) => {
    const credentials = wecomCallbackCredentials(deps.config);
    const q = readQuery(ctx, verifyQuery);
    const echo = await rejectingLoudly(ctx, () =>
      openCallback(credentials, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = echo;
  });

  router.post('/callbacks/wecom', async (ctx) => {
    const credentials = wecomCallbackCredentials(deps.config);
    const q = readQuery(ctx, messageQuery);
    const raw = await readRawBody(ctx, limit);
    const receivedAt = new Date();
    const event = await rejectingLoudly(ctx, async () => {
      const envelope = await parseCallbackXml(raw.toString('utf8'));
      const encrypt = envelope.Encrypt?.trim();
      if (!encrypt) throw new WecomCallbackRejected('xml');
      const plaintext = openCallback(credentials, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypt });
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
