import type { AppDeps } from '../../../app/app-module.js';
import { InvalidInput, NotFound } from '../../../errors.js';
import type { AppRouter } from '../../../http/app-context.js';
import { parseJson } from '../../../http/read-body.js';
import { normalizeSlackEvent } from '../normalize-event.js';
import { normalizeSlashCommand } from '../normalize-slash-command.js';
import type { SlackRuntime } from '../slack-settings.js';
import { formOf, readVerified } from './read-verified.js';

/** Shown at once to whoever typed the command (only them); the answer follows on the response_url. */
export const WORKING_REPLY = { response_type: 'ephemeral', text: '⏳ 正在处理… / working…' } as const;

/**
 * `POST /callbacks/slack/commands` (slash command `/crm <command> …`) and
 * `POST /callbacks/slack/events` (url_verification, app_mention, message.im): verify the signature
 * over the raw body, normalize, persist (slash commands deduped on trigger_id, events on event_id —
 * Slack's retries are acknowledged and dropped), answer within Slack's 3 s. Nothing slow runs
 * before the answer; the reply goes out through the outbox (response_url / chat.postMessage).
 * Slack's `ssl_check` is answered 200 and stores nothing.
 */
export function mountSlackRoutes(router: AppRouter, deps: AppDeps, runtime: () => SlackRuntime): void {
  const secretOr404 = (what: string) => {
    const { signingSecret } = runtime().settings;
    if (!signingSecret) throw new NotFound(what);
    return signingSecret;
  };

  router.get('/callbacks/slack/commands', deps.callbackRateLimit, async (ctx) => {
    secretOr404('Slack commands');
    if (ctx.query.ssl_check !== '1') throw new NotFound('Slack commands');
    ctx.status = 200;
    ctx.body = '';
  });

  router.post('/callbacks/slack/commands', deps.callbackRateLimit, async (ctx) => {
    const signingSecret = secretOr404('Slack commands');
    const form = formOf(await readVerified(ctx, deps, signingSecret));
    if (form.get('ssl_check') === '1') {
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    const event = normalizeSlashCommand(form, { tenantId: runtime().settings.tenantId });
    const { duplicate } = await deps.inbox.accept(event);
    ctx.state.log.debug({ dedupeKey: event.dedupeKey, duplicate }, 'Slack command accepted');
    ctx.status = 200;
    ctx.body = WORKING_REPLY;
  });

  router.post('/callbacks/slack/events', deps.callbackRateLimit, async (ctx) => {
    const signingSecret = secretOr404('Slack events');
    const body = parseJson(await readVerified(ctx, deps, signingSecret)) as { type?: unknown; challenge?: unknown };
    if (body?.type === 'url_verification') {
      if (typeof body.challenge !== 'string') throw new InvalidInput('url_verification without a challenge');
      ctx.status = 200;
      ctx.body = { challenge: body.challenge };
      return;
    }
    const event = normalizeSlackEvent(body, { tenantId: runtime().settings.tenantId });
    const { duplicate } = await deps.inbox.accept(event);
    ctx.state.log.debug(
      { kind: event.kind, dedupeKey: event.dedupeKey, duplicate, retryNum: ctx.get('x-slack-retry-num') || undefined },
      'Slack event accepted',
    );
    ctx.status = 200;
    ctx.body = '';
  });
}
