import { Types } from 'mongoose';
import { z } from 'zod';
import type { StoredInboxEvent } from '../../../inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../inbox/permanent-handler-error.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';

export interface WecomHandlerDeps {
  /** The tenant the env-configured WeCom app belongs to. */
  tenantId: Types.ObjectId;
  client: () => WecomApiClient;
  now?: () => Date;
}

export const contactEventPayloadSchema = z.looseObject({
  externalUserId: z.string().min(1).max(128),
  staffUserId: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
  state: z.string().max(256).optional(),
  welcomeCode: z.string().max(512).optional(),
  half: z.boolean().optional(),
  source: z.string().max(128).optional(),
  failReason: z.string().max(128).optional(),
});
export type ContactEventPayload = z.infer<typeof contactEventPayloadSchema>;

/** The payload comes back from the database: check it, and that the event is for our tenant. */
export function contactEventOf(event: StoredInboxEvent, deps: WecomHandlerDeps): ContactEventPayload & { at: Date } {
  if (event.tenantId !== String(deps.tenantId)) {
    throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
  }
  const parsed = contactEventPayloadSchema.safeParse(event.payload);
  if (!parsed.success) throw new PermanentHandlerError(`malformed ${event.kind} payload`);
  return { ...parsed.data, at: new Date(parsed.data.occurredAt) };
}
