import type { Types } from 'mongoose';
import type { StaffDoc } from '../../crm/models/staff.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import type { Platform } from '../../messaging/platform.js';
import type { StoredInboxEvent } from '../../queue/inbox/inbox-event-model.js';

/**
 * Who sent a `command` event, as staff: null for someone the channel cannot map to a Staff record.
 * May throw `PermanentHandlerError` (e.g. the event's tenant has no app on this platform); any
 * other error is retried by the inbox.
 */
export type CommandSenderResolver = (tenantId: Types.ObjectId, event: StoredInboxEvent<'command'>) => Promise<StaffDoc | null>;

/** Each channel's way of finding the sender of a command (e.g. creating or linking the Staff record through its API). */
export interface CommandSenders {
  /** A platform has one resolver; setting a second one throws. Returns an unregister function. */
  set(platform: Platform, resolver: CommandSenderResolver): () => void;
  /** The platform's resolver, or by default the Staff record of the event's platform user id. */
  for(platform: Platform): CommandSenderResolver;
}

const byPlatformUser: CommandSenderResolver = (tenantId, event) =>
  findStaffByPlatformUser(tenantId, event.platform, event.actor?.platformUserId ?? '');

export function createCommandSenders(): CommandSenders {
  const resolvers = new Map<Platform, CommandSenderResolver>();
  return {
    set(platform, resolver) {
      if (resolvers.has(platform)) throw new Error(`a command sender resolver for ${platform} is already registered`);
      resolvers.set(platform, resolver);
      return () => {
        if (resolvers.get(platform) === resolver) resolvers.delete(platform);
      };
    },
    for: (platform) => resolvers.get(platform) ?? byPlatformUser,
  };
}
