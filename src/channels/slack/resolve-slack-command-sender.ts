import { systemActor } from '../../crm/actor.js';
import { findStaffByPlatformUser } from '../../crm/staff/find-staff-by-platform-user.js';
import { linkPlatformStaff } from '../../crm/staff/link-platform-staff.js';
import type { CommandSenderResolver } from '../../features/commands/command-senders.js';
import { SlackConfigError } from './slack-api-error.js';
import type { SlackRuntime } from './slack-settings.js';

/**
 * Slack user id → Staff: the record whose `slackUserId` it is; otherwise, with a bot token, the
 * users.info email (users:read.email) or phone (asked with the workspace's own token) linked to an active record not yet linked to Slack.
 * Nobody is created; a bot token without the scope treats the sender as unknown.
 */
export function createSlackCommandSenderResolver(runtime: () => SlackRuntime): CommandSenderResolver {
  return async (tenantId, event) => {
    const userId = event.actor?.platformUserId;
    if (!userId) return null;
    const known = await findStaffByPlatformUser(tenantId, 'slack', userId);
    if (known) return known;
    const replyTo = event.payload.replyTo as { teamId?: unknown } | undefined;
    const teamId = typeof replyTo?.teamId === 'string' ? replyTo.teamId : undefined;
    const client = await runtime().clientFor(String(tenantId), teamId);
    if (!client.canPost) return null;
    try {
      const user = await client.getUser(userId);
      if (!user) return null;
      return await linkPlatformStaff(systemActor(tenantId, 'event'), tenantId, 'slack', {
        id: userId,
        ...(user.email ? { email: user.email } : {}),
        ...(user.phone ? { mobile: user.phone } : {}),
      });
    } catch (error) {
      if (error instanceof SlackConfigError) return null;
      throw error;
    }
  };
}
