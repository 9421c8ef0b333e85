import type { Types } from 'mongoose';
import type { StaffDoc } from '../../crm/models/staff.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import type { StoredInboxEvent } from '../../queue/inbox/inbox-event-model.js';
import type { Platform } from '../../queue/inbox/inbound-event.js';

/**
 * Who sent a `command` event, as staff: null for someone the channel cannot map to a Staff record.
 * May throw `PermanentHandlerError` (e.g. the event's tenant has no app on this platform); any
 * other error is retried by the inbox.
 */
export type CommandSenderResolver = (tenantId: Types.ObjectId, event: StoredInboxEvent) => Promise<StaffDoc | null>;

/** Without a channel's own resolver: the Staff record of the event's platform user id. */
const byPlatformUser: CommandSenderResolver = (tenantId, event) =>
  findStaffByPlatformUser(tenantId, event.platform, event.actor?.platformUserId ?? '');

const resolvers = new Map<Platform, CommandSenderResolver>();

/**
 * A channel's way of finding the sender (e.g. creating or linking the Staff record through its
 * API). The latest registration wins; returns a function restoring the previous one.
 */
export function registerCommandSenderResolver(platform: Platform, resolver: CommandSenderResolver): () => void {
  const previous = resolvers.get(platform);
  resolvers.set(platform, resolver);
  return () => {
    if (resolvers.get(platform) !== resolver) return;
    if (previous) resolvers.set(platform, previous);
    else resolvers.delete(platform);
  };
}

export function commandSenderResolverFor(platform: Platform): CommandSenderResolver {
  return resolvers.get(platform) ?? byPlatformUser;
}
