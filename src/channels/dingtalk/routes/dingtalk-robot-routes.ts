import { NotFound, Unauthenticated } from '../../../errors.js';
import { createRobotSignLedger } from '../claim-robot-sign.js';
import type { DingTalkRuntime } from '../dingtalk-settings.js';
import { normalizeRobotMessage } from '../normalize-robot-message.js';
import { RobotSignatureError, verifyRobotSign } from '../verify-robot-sign.js';
import type { AppContext, AppRouter } from '../../../http/app-context.js';
import type { AppDeps } from '../../../app/app-module.js';
import { readJson } from '../../../http/read-body.js';

function refuse(ctx: AppContext, error: unknown): never {
  if (!(error instanceof RobotSignatureError)) throw error;
  ctx.state.log.warn({ reason: error.reason }, 'DingTalk robot callback rejected');
  throw new Unauthenticated('callback signature verification failed');
}

/**
 * `POST /callbacks/dingtalk/robot`: verify the `timestamp`/`sign` headers (before reading the
 * body), normalize, bind the header pair to the message's msgId, persist, answer 200. The reply is
 * sent later by the outbox (sessionWebhook / OpenAPI), never from here.
 */
export function mountDingTalkRobotRoute(router: AppRouter, deps: AppDeps, runtime: () => DingTalkRuntime): void {
  const ledger = createRobotSignLedger();
  router.post('/callbacks/dingtalk/robot', deps.callbackRateLimit, async (ctx) => {
    const { appSecret, tenantId } = runtime().settings;
    if (!appSecret) throw new NotFound('DingTalk robot callback');
    const timestamp = ctx.get('timestamp') || undefined;
    const sign = ctx.get('sign') || undefined;
    try {
      verifyRobotSign({ timestamp, sign, appSecret });
    } catch (error) {
      refuse(ctx, error);
    }
    const body = await readJson(ctx, deps.config.CALLBACK_BODY_LIMIT_BYTES);
    const event = normalizeRobotMessage(body, { tenantId });
    // normalizeRobotMessage has validated the body, so msgId is a non-empty string.
    const { msgId } = body as { msgId: string };
    try {
      await ledger.claim({ timestamp: timestamp!, sign: sign!, msgId });
    } catch (error) {
      refuse(ctx, error);
    }
    const { duplicate } = await deps.inbox.accept(event);
    ctx.state.log.debug({ dedupeKey: event.dedupeKey, duplicate }, 'DingTalk robot message accepted');
    ctx.status = 200;
    ctx.body = {};
  });
}
