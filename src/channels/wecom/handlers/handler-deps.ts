import { Types } from 'mongoose';
import { z } from 'zod';
import type { StoredInboxEvent } from '../../../queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../queue/inbox/permanent-handler-error.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';

export interface WecomHandlerDeps {
  /** The tenant the env-configured WeCom app belongs to. */
  tenantId: Types.ObjectId;
  client: () => WecomApiClient;
  now?: () => Date;
}

/** Payload of the WeCom contact event kinds (contact.added/updated/removed/staff_removed/transfer_failed). */
export const contactEventPayloadSchema = z.looseObject({
  externalUserId: z.string().min(1).max(128),
  /** The staff member's WeCom UserID. */
  staffUserId: z.string().min(1).max(128),
  /** CreateTime of the callback, ISO string (order-independence is decided on it). */
  occurredAt: z.iso.datetime({ offset: true }),
  state: z.string().max(256).optional(),
  welcomeCode: z.string().max(512).optional(),
  /** add_half_external_contact: the customer added the member without verification (one-way). */
  half: z.boolean().optional(),
  /** e.g. DELETE_BY_TRANSFER (removed by in-service transfer); absent otherwise. */
  source: z.string().max(128).optional(),
  failReason: z.string().max(128).optional(),
});
export type ContactEventPayload = z.infer<typeof contactEventPayloadSchema>;

/** The env-configured WeCom app serves one tenant: an event for any other can never be handled. */
export function assertConfiguredTenant(event: Pick<StoredInboxEvent, 'tenantId'>, deps: Pick<WecomHandlerDeps, 'tenantId'>): void {
  if (event.tenantId !== String(deps.tenantId)) {
    throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
  }
}

/** The payload comes back from the database: check it, and that the event is for our tenant. */
export function contactEventOf(event: StoredInboxEvent, deps: WecomHandlerDeps): ContactEventPayload & { at: Date } {
  assertConfiguredTenant(event, deps);
  const parsed = contactEventPayloadSchema.safeParse(event.payload);
  if (!parsed.success) throw new PermanentHandlerError(`malformed ${event.kind} payload`);
  return { ...parsed.data, at: new Date(parsed.data.occurredAt) };
}
