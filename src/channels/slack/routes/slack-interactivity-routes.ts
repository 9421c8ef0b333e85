import { Types } from 'mongoose';
import type { AppDeps } from '../../../app/app-module.js';
import { getTenantStages } from '../../../crm/tenants/get-tenant.js';
import { InvalidInput, NotFound } from '../../../errors.js';
import type { AppRouter } from '../../../http/app-context.js';
import { followUpModal } from '../follow-up-modal.js';
import { normalizeSlackInteraction } from '../normalize-interaction.js';
import type { SlackRuntime } from '../slack-settings.js';
import { formOf, readVerified } from './read-verified.js';

/** A modal must open within the trigger_id's 3 s; past this we give up (the user can press again). */
const OPEN_MODAL_DEADLINE_MS = 2_500;

/**
 * `POST /callbacks/slack/interactivity` (form field `payload`, v0-signed like every Slack request):
 * - `block_actions` on one of our card buttons → a `card.action` event (deduped on trigger_id),
 *   acknowledged at once; the change and the refreshed card follow through the inbox and outbox;
 * - the "log follow-up" button → acknowledged, then the follow-up modal opened with `views.open`
 *   (the trigger_id expires in 3 s, so this one call follows the answer directly, not the queue);
 * - `view_submission` of that modal → fields checked here (errors go back as
 *   `response_action: errors`, nothing stored), then a `card.action` with the form (deduped on
 *   the view id) and an empty 200 that closes the modal;
 * - link buttons and anything else → 200, nothing stored.
 */
export function mountSlackInteractivityRoute(router: AppRouter, deps: AppDeps, runtime: () => SlackRuntime): void {
  router.post('/callbacks/slack/interactivity', deps.callbackRateLimit, async (ctx) => {
    const { signingSecret, tenantId } = runtime().settings;
    if (!signingSecret) throw new NotFound('Slack interactivity');
    const form = formOf(await readVerified(ctx, deps, signingSecret));
    const payload = form.get('payload');
    if (!payload) throw new InvalidInput('payload: required (a Slack interactivity form field)');
    const interaction = normalizeSlackInteraction(payload, { tenantId });
    switch (interaction.type) {
      case 'event': {
        const { duplicate } = await deps.inbox.accept(interaction.event);
        ctx.state.log.debug({ dedupeKey: interaction.event.dedupeKey, action: interaction.event.payload.action, duplicate }, 'Slack card action accepted');
        ctx.status = 200;
        ctx.body = '';
        return;
      }
      case 'errors':
        ctx.status = 200;
        ctx.body = { response_action: 'errors', errors: interaction.errors };
        return;
      case 'open_modal': {
        const log = ctx.state.log;
        ctx.status = 200;
        ctx.body = '';
        // After the answer is on its way: the stages for the select, then views.open.
        setImmediate(() => {
          const work = (async () => {
            const stages = await getTenantStages(new Types.ObjectId(tenantId));
            const client = await runtime().clientFor(tenantId, interaction.teamId);
            await client.openView(interaction.triggerId, followUpModal(interaction.context, stages));
          })();
          const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('views.open deadline passed')), OPEN_MODAL_DEADLINE_MS).unref());
          Promise.race([work, timeout]).catch((err: unknown) => log.warn({ err }, 'Slack follow-up modal not opened'));
        });
        return;
      }
      case 'ignored':
        ctx.state.log.debug({ what: interaction.what }, 'Slack interaction ignored');
        ctx.status = 200;
        ctx.body = '';
        return;
    }
  });
}
