import type { Types } from 'mongoose';
import type { ContactEventKind, ContactEventPayload, InboundEventKind } from '../../../messaging/inbound-event.js';
import type { StoredInboxEvent } from '../../../queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../queue/inbox/permanent-handler-error.js';
import type { Outbox } from '../../../queue/outbox/create-outbox.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';

export interface WecomHandlerDeps {
  /** The tenant the env-configured WeCom app belongs to. */
  tenantId: Types.ObjectId;
  client: () => WecomApiClient;
  outbox: Pick<Outbox, 'enqueue'>;
  now?: () => Date;
}

/** The env-configured WeCom app serves one tenant: an event for any other can never be handled. */
export function assertConfiguredTenant(event: Pick<StoredInboxEvent<InboundEventKind>, 'tenantId'>, deps: Pick<WecomHandlerDeps, 'tenantId'>): void {
  if (event.tenantId !== String(deps.tenantId)) {
    throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
  }
}

/** A contact event of our tenant, with its time as a Date (the inbox checked the payload's shape). */
export function contactEventOf(event: StoredInboxEvent<ContactEventKind>, deps: WecomHandlerDeps): ContactEventPayload & { at: Date } {
  assertConfiguredTenant(event, deps);
  return { ...event.payload, at: new Date(event.payload.occurredAt) };
}
