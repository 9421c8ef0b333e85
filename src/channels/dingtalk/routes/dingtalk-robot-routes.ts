import { NotFound, Unauthenticated } from '../../../errors.js';
import type { DingTalkRuntime } from '../dingtalk-settings.js';
import { normalizeRobotMessage } from '../normalize-robot-message.js';
import { RobotSignatureError, verifyRobotSign } from '../verify-robot-sign.js';
import type { AppDeps } from '../../../app/app-module.js';
import type { AppRouter } from '../../../http/app-context.js';
import { readJson } from '../../../http/read-body.js';

/**
 * `POST /callbacks/dingtalk/robot`: verify the `timestamp`/`sign` headers, normalize, persist,
 * answer 200. The reply is sent later by the outbox (sessionWebhook / OpenAPI), never from here.
 */
export function mountDingTalkRobotRoute(router: AppRouter, deps: AppDeps, runtime: () => DingTalkRuntime): void {
  router.post('/callbacks/dingtalk/robot', async (ctx) => {
    const { appSecret, tenantId } = runtime().settings;
    if (!appSecret) throw new NotFound('DingTalk robot callback');
    try {
      verifyRobotSign({ timestamp: ctx.get('timestamp') || undefined, sign: ctx.get('sign') || undefined, appSecret });
    } catch (error) {
      if (!(error instanceof RobotSignatureError)) throw error;
      ctx.state.log.warn({ reason: error.reason }, 'DingTalk robot callback rejected');
      throw new Unauthenticated('callback signature verification failed');
    }
    const body = await readJson(ctx, deps.config.BODY_LIMIT_BYTES);
    const event = normalizeRobotMessage(body, { tenantId });
    const { duplicate } = await deps.inbox.accept(event);
    ctx.state.log.debug({ dedupeKey: event.dedupeKey, duplicate }, 'DingTalk robot message accepted');
    ctx.status = 200;
    ctx.body = {};
  });
}
