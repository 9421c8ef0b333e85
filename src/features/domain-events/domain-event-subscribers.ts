import type { ActivityType } from '../../crm/models/activity.js';
import type { DomainEventPayload } from '../../messaging/inbound-event.js';

/** One recorded fact as a subscriber receives it. */
export interface DomainEvent {
  tenantId: string;
  activity: DomainEventPayload['activity'];
  /** 1 on the first delivery; a redelivery (crash, retry) repeats the same event. */
  attempts: number;
}

/**
 * A consumer of domain events (automation rules, statistics rollups…). Delivery is at least once:
 * `handle` must make its effect exactly once itself (e.g. a unique key per event id).
 */
export interface DomainEventSubscriber {
  /** Stable: it is part of every relayed event's dedupe key. */
  name: string;
  /** The activity types it wants; the relay queues nothing for the rest. */
  types: readonly ActivityType[];
  handle(event: DomainEvent): Promise<void>;
}

/** Who consumes which domain events, per service instance. */
export interface DomainEventSubscribers {
  /** Registering a name twice throws. Returns an unregister function. */
  subscribe(subscriber: DomainEventSubscriber): () => void;
  find(name: string): DomainEventSubscriber | undefined;
  /** Names of the subscribers that want this activity type. */
  interestedIn(type: string): string[];
}

export function createDomainEventSubscribers(): DomainEventSubscribers {
  const byName = new Map<string, DomainEventSubscriber>();
  return {
    subscribe(subscriber) {
      if (!/^[a-z][a-z0-9_-]{0,63}$/.test(subscriber.name)) throw new Error(`invalid domain-event subscriber name '${subscriber.name}'`);
      if (byName.has(subscriber.name)) throw new Error(`a domain-event subscriber '${subscriber.name}' is already registered`);
      byName.set(subscriber.name, subscriber);
      return () => {
        if (byName.get(subscriber.name) === subscriber) byName.delete(subscriber.name);
      };
    },
    find: (name) => byName.get(name),
    interestedIn: (type) => [...byName.values()].filter((s) => (s.types as readonly string[]).includes(type)).map((s) => s.name),
  };
}
