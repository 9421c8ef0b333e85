import type { CommandSenderResolver } from '../../features/commands/command-senders.js';
import { FeishuConfigError } from './feishu-api-error.js';
import type { FeishuRuntime } from './feishu-settings.js';
import { resolveFeishuSender } from './resolve-feishu-sender.js';

/**
 * The sender of a Feishu command, by the event's open_id ({@link resolveFeishuSender}). An app
 * that may not read the directory treats the sender as unknown rather than retrying forever.
 */
export function createFeishuCommandSenderResolver(runtime: () => FeishuRuntime): CommandSenderResolver {
  return async (tenantId, event) => {
    const openId = event.actor?.platformUserId;
    if (!openId) return null;
    try {
      return await resolveFeishuSender(tenantId, openId, runtime().client);
    } catch (error) {
      if (error instanceof FeishuConfigError) return null;
      throw error;
    }
  };
}
