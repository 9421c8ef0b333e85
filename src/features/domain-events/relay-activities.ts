import { Activity, type ActivityRecord } from '../../crm/models/activity.js';
import type { InboundEvent } from '../../messaging/inbound-event.js';
import type { Inbox } from '../../queue/inbox/create-inbox.js';
import type { DomainEventSubscribers } from './domain-event-subscribers.js';

type UnrelayedActivity = Pick<ActivityRecord, 'tenantId' | 'customerId' | 'type' | 'at' | 'authorId' | 'source' | 'channel' | 'data'> & {
  _id: ActivityRecord['tenantId'];
};

/**
 * Hands recorded activities to the inbox, one event per interested subscriber, then marks them
 * relayed. The inbox's dedupe key (`domain:<subscriber>:<activity id>`) makes a repeat harmless:
 * two instances relaying the same activity, or a crash between accept and mark, queue it once.
 * Returns how many activities it relayed (a full batch means there may be more).
 */
export async function relayActivities(inbox: Inbox, subscribers: DomainEventSubscribers, options: { batch?: number; now?: Date } = {}): Promise<number> {
  const batch = options.batch ?? 200;
  const activities = await Activity.find({ relayed: false })
    .sort({ _id: 1 })
    .limit(batch)
    .select({ tenantId: 1, customerId: 1, type: 1, at: 1, authorId: 1, source: 1, channel: 1, data: 1 })
    .lean<UnrelayedActivity[]>();
  if (activities.length === 0) return 0;
  const receivedAt = options.now ?? new Date();
  await Promise.all(
    activities.flatMap((activity) =>
      subscribers.interestedIn(activity.type).map((subscriber) => inbox.accept(domainEvent(activity, subscriber, receivedAt))),
    ),
  );
  await Activity.updateMany({ _id: { $in: activities.map((a) => a._id) } }, { $set: { relayed: true } });
  return activities.length;
}

function domainEvent(activity: UnrelayedActivity, subscriber: string, receivedAt: Date): InboundEvent<'domain.event'> {
  const id = activity._id.toHexString();
  return {
    tenantId: activity.tenantId.toHexString(),
    platform: 'crm',
    dedupeKey: `domain:${subscriber}:${id}`,
    kind: 'domain.event',
    payload: {
      subscriber,
      activity: {
        id,
        type: activity.type,
        customerId: activity.customerId.toHexString(),
        authorId: activity.authorId ? activity.authorId.toHexString() : null,
        at: activity.at.toISOString(),
        source: activity.source,
        ...(activity.channel ? { channel: activity.channel } : {}),
        data: (activity.data ?? {}) as Record<string, unknown>,
      },
    },
    receivedAt,
  };
}
