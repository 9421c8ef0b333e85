import { Types } from 'mongoose';
import type { AppDeps } from '../../app/app-module.js';
import { subscriptionChannels } from '../../crm/digests/subscription-channels.js';
import { platformUserIdOf } from '../../crm/staff/platform-user-id-of.js';
import { lowSurveyNotice } from '../../crm/surveys/low-survey-notice.js';
import { defaultDigestChannel } from '../../jobs/digest-settings.js';
import type { DomainEventSubscriber } from '../domain-events/domain-event-subscribers.js';

/**
 * A low answer (`survey_answered` with `low`) tells the customer's owner in chat, where their
 * reminders go. Delivered at least once by the domain-event relay; the outbox key
 * `survey-low:<activity>` keeps the message to one.
 */
export function lowSurveyNotifier(deps: Pick<AppDeps, 'config' | 'outbox' | 'renderers'>): DomainEventSubscriber {
  return {
    name: 'survey-low-score',
    types: ['survey_answered'],
    async handle({ tenantId, activity }) {
      if (activity.data.low !== true || typeof activity.data.responseId !== 'string') return;
      const tenant = new Types.ObjectId(tenantId);
      const notice = await lowSurveyNotice(tenant, activity.data.responseId);
      if (!notice) return;
      const channel = (await subscriptionChannels(tenant, [notice.staff._id])).get(String(notice.staff._id)) ?? defaultDigestChannel(deps.config);
      await deps.outbox.enqueue({
        tenantId,
        platform: channel,
        to: { type: 'user', platformUserId: platformUserIdOf(notice.staff, channel) },
        body: deps.renderers.for(channel).notice(notice.lines),
        dedupeKey: `survey-low:${activity.id}`,
      });
    },
  };
}
