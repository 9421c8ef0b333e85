import type { CommandSenderResolver } from '../../features/commands/command-senders.js';
import { DingTalkConfigError } from './dingtalk-api-error.js';
import type { DingTalkRuntime } from './dingtalk-settings.js';
import { resolveDingTalkSender } from './resolve-dingtalk-sender.js';

/**
 * The sender of a robot command: their DingTalk staff id (absent for people outside the
 * organisation) resolved by {@link resolveDingTalkSender}. An app that may not look people up
 * (no permission) treats the sender as unknown rather than retrying forever.
 */
export function createDingTalkCommandSenderResolver(runtime: () => DingTalkRuntime): CommandSenderResolver {
  return async (tenantId, event) => {
    const senderStaffId = (event.payload as { senderStaffId?: unknown }).senderStaffId;
    if (typeof senderStaffId !== 'string' || !senderStaffId) return null;
    try {
      return await resolveDingTalkSender(tenantId, senderStaffId, runtime().client);
    } catch (error) {
      if (error instanceof DingTalkConfigError) return null;
      throw error;
    }
  };
}
