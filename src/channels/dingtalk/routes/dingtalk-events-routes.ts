import { InvalidInput, NotFound, Unauthenticated } from '../../../errors.js';
import { isTimestampFresh } from '../../shared/is-timestamp-fresh.js';
import { buildEncryptedReply } from '../build-encrypted-reply.js';
import type { DingTalkRuntime } from '../dingtalk-settings.js';
import type { DingTalkRuntimes } from '../dingtalk-tenant-runtimes.js';
import { tenantSlug } from '../../../crm/tenants/add-tenant.js';
import type { AppContext } from '../../../http/app-context.js';
import { EventCryptoError } from '../event-crypto-error.js';
import { normalizeEventPlaintext } from '../normalize-event.js';
import { openEventCallback, signedTimestampOf } from '../open-event-callback.js';
import type { AppDeps } from '../../../app/app-module.js';
import type { AppRouter } from '../../../http/app-context.js';
import { readJson } from '../../../http/read-body.js';

/**
 * `POST /callbacks/dingtalk/events`: verify the SHA1 signature, decrypt, check the owner key (the
 * app key), check the signed timestamp (ms) is within ±CALLBACK_MAX_SKEW_SECONDS, persist the
 * event, then answer the encrypted `success` DingTalk requires. `check_url` is answered at once
 * and stored nowhere — whatever its age, since answering it changes nothing. A push that does not
 * verify gets a 4xx and nothing is stored: answering "success" to it would hide a
 * misconfiguration and lose events.
 *
 * `POST /callbacks/dingtalk/:slug`: the same for a company added with `npm run tenant:add`, with
 * its stored token/aesKey/appKey, its events in its tenant; 404 for a slug without them. A push
 * signed with another company's keys does not verify here.
 */
export function mountDingTalkEventsRoute(router: AppRouter, deps: AppDeps, runtimes: Pick<DingTalkRuntimes, 'defaults' | 'forSlug'>): void {
  router.post('/callbacks/dingtalk/events', deps.callbackRateLimit, acceptEvent(deps, async () => runtimes.defaults));
  router.post('/callbacks/dingtalk/:slug', deps.callbackRateLimit, acceptEvent(deps, async (ctx) => {
    const slug = tenantSlug.safeParse(ctx.params.slug);
    if (!slug.success) throw new NotFound('DingTalk event callback');
    return runtimes.forSlug(slug.data);
  }));
}

function acceptEvent(deps: AppDeps, runtimeOf: (ctx: AppContext) => Promise<DingTalkRuntime>) {
  const maxSkewSeconds = deps.config.CALLBACK_MAX_SKEW_SECONDS;
  return async (ctx: AppContext) => {
    const { token, aesKey, appKey, tenantId } = (await runtimeOf(ctx)).settings;
    if (!token || !aesKey || !appKey) throw new NotFound('DingTalk event callback');
    const secrets = { token, aesKey, ownerKey: appKey };
    const body = await readJson(ctx, deps.config.CALLBACK_BODY_LIMIT_BYTES);
    let plaintext: string;
    try {
      plaintext = openEventCallback(ctx.query, body, secrets);
    } catch (error) {
      if (!(error instanceof EventCryptoError)) throw error;
      ctx.state.log.warn({ reason: error.reason }, 'DingTalk event callback rejected');
      if (error.reason === 'missing_parameters') throw new InvalidInput('missing signature parameters or encrypt field');
      throw new Unauthenticated('callback signature verification failed');
    }
    const parsed = normalizeEventPlaintext(plaintext, { tenantId });
    if (parsed.type === 'event') {
      const timestamp = signedTimestampOf(ctx.query) ?? '';
      if (!isTimestampFresh(timestamp, { unit: 'milliseconds', maxSkewSeconds, nowMs: Date.now() })) {
        ctx.state.log.warn({ reason: 'stale_timestamp' }, 'DingTalk event callback rejected');
        throw new Unauthenticated('callback signature verification failed');
      }
      const { duplicate } = await deps.inbox.accept(parsed.event);
      ctx.state.log.debug({ kind: parsed.event.kind, duplicate }, 'DingTalk event accepted');
    }
    ctx.status = 200;
    ctx.body = buildEncryptedReply(secrets);
  };
}
