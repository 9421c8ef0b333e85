import type { AppDeps } from '../../../app/app-module.js';
import { NotFound, Unauthenticated } from '../../../errors.js';
import type { AppRouter } from '../../../http/app-context.js';
import { parseJson, readRawBody } from '../../../http/read-body.js';
import { FeishuCallbackError } from '../feishu-callback-error.js';
import type { FeishuRuntime } from '../feishu-settings.js';
import { normalizeFeishuEvent } from '../normalize-event.js';
import { openFeishuCallback } from '../open-event-callback.js';

/**
 * `POST /callbacks/feishu/events`: decrypt (Encrypt Key), answer the URL check with its challenge,
 * verify `X-Lark-Signature` over the raw body (fresh within CALLBACK_MAX_SKEW_SECONDS) and the
 * Verification Token, normalize, persist (deduped on event_id / uuid), then answer 200 with an
 * empty object — within Feishu's 3 s, the reply is sent later by the outbox. A callback that does not
 * verify gets a 4xx and nothing is stored.
 */
export function mountFeishuEventsRoute(router: AppRouter, deps: AppDeps, runtime: () => FeishuRuntime): void {
  const maxSkewSeconds = deps.config.CALLBACK_MAX_SKEW_SECONDS;
  router.post('/callbacks/feishu/events', deps.callbackRateLimit, async (ctx) => {
    const { verificationToken, encryptKey, tenantId } = runtime().settings;
    if (!verificationToken) throw new NotFound('Feishu event callback');
    const rawBody = await readRawBody(ctx, deps.config.CALLBACK_BODY_LIMIT_BYTES);
    const document = parseJson(rawBody);
    try {
      const opened = openFeishuCallback({
        rawBody,
        document,
        headers: {
          timestamp: ctx.get('x-lark-request-timestamp') || undefined,
          nonce: ctx.get('x-lark-request-nonce') || undefined,
          signature: ctx.get('x-lark-signature') || undefined,
        },
        secrets: { verificationToken, ...(encryptKey ? { encryptKey } : {}) },
        maxSkewSeconds,
        nowMs: Date.now(),
      });
      if (opened.type === 'url_verification') {
        ctx.status = 200;
        ctx.body = { challenge: opened.challenge };
        return;
      }
      const event = normalizeFeishuEvent(opened.document, { tenantId });
      const { duplicate } = await deps.inbox.accept(event);
      ctx.state.log.debug({ kind: event.kind, dedupeKey: event.dedupeKey, duplicate }, 'Feishu event accepted');
      ctx.status = 200;
      // A card action's answer may carry a toast; the refreshed card follows as a message patch.
      ctx.body = event.kind === 'card.action' ? { toast: { type: 'info', content: '处理中… / working…' } } : {};
    } catch (error) {
      if (!(error instanceof FeishuCallbackError)) throw error;
      ctx.state.log.warn({ reason: error.reason }, 'Feishu event callback rejected');
      throw new Unauthenticated('callback verification failed');
    }
  });
}
