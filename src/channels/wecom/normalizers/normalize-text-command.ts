import type { CommandPayload } from '../../../messaging/inbound-event.js';
import { wecomDedupeKey } from './dedupe-key.js';
import { optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

/** A staff member typed into the app's conversation: that's a bot command. */
export const normalizeTextCommand: WecomNormalizer = (fields, context) => {
  const from = optionalField(fields, 'FromUserName');
  const text = fields.Content;
  if (!from || text === undefined) return null;
  const payload: CommandPayload = {
    text,
    replyTo: { type: 'user', platformUserId: from },
    msgId: optionalField(fields, 'MsgId'),
    agentId: optionalField(fields, 'AgentID'),
  };
  return {
    tenantId: context.tenantId,
    platform: 'wecom',
    dedupeKey: wecomDedupeKey(fields, context.plaintext),
    kind: 'command',
    actor: { platformUserId: from },
    payload,
    receivedAt: context.receivedAt,
  };
};
