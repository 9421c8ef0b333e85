import { relayActivities } from '../../src/features/domain-events/relay-activities.js';
import type { TestApp } from './test-app.js';

/** Relays every recorded activity and drains the inbox: subscribers (rollups, automation…) have seen them all. */
export async function deliverDomainEvents(app: TestApp): Promise<void> {
  while ((await relayActivities(app.service.deps.inbox, app.service.deps.domainEvents)) > 0);
  await app.service.deps.inbox.drain();
}
