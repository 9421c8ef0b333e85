import { z } from 'zod';

/** Where an outgoing message goes; each channel knows how to deliver each kind it supports. */
export type ReplyTarget =
  | {
      type: 'user';
      platformUserId: string;
      /** Slack: the workspace (team id) whose bot token sends it; absent → the tenant's only one or SLACK_BOT_TOKEN. */
      teamId?: string;
    }
  | {
      type: 'chat';
      chatId: string;
      /** Slack: answer inside this thread (the `ts` of its first message). */
      threadId?: string;
      /** Slack: the workspace (team id). */
      teamId?: string;
    }
  | {
      /** Feishu: a reply to this message (`om_…`) through `im/v1/messages/{messageId}/reply`. */
      type: 'message_reply';
      messageId: string;
      chatId?: string;
    }
  | {
      /** Slack: a slash command's response_url (5 posts within 30 min); `channelId` is the fallback for chat.postMessage. */
      type: 'response_url';
      url: string;
      expiresAt: string;
      channelId?: string;
      platformUserId?: string;
      /** Slack: replace the message the response_url belongs to (a pressed button's card) instead of adding one. */
      replaceOriginal?: boolean;
      /** Slack: the workspace (team id), for the chat.postMessage fallback. */
      teamId?: string;
    }
  | {
      /**
       * Replace a message the bot sent earlier (a card whose button was pressed): Feishu patches
       * `messageId` (`om_…`); Slack calls chat.update on `channelId` + `messageId` (the message ts).
       */
      type: 'message_update';
      messageId: string;
      channelId?: string;
      /** Slack: the workspace (team id). */
      teamId?: string;
    }
  | {
      /** DingTalk robot reply URL, valid until expiresAt; after that the channel falls back to its OpenAPI. */
      type: 'session_webhook';
      url: string;
      expiresAt: string;
      robotCode?: string;
      conversationType?: 'single' | 'group';
      conversationId?: string;
      platformUserId?: string;
    };

// Loose objects: a field someone later adds (optionally) to a target is stored and handed to the
// sender instead of being silently stripped.
export const replyTargetSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('user'), platformUserId: z.string().min(1).max(256), teamId: z.string().max(64).optional() }),
  z.looseObject({
    type: z.literal('chat'),
    chatId: z.string().min(1).max(256),
    threadId: z.string().min(1).max(256).optional(),
    teamId: z.string().max(64).optional(),
  }),
  z.looseObject({ type: z.literal('message_reply'), messageId: z.string().min(1).max(256), chatId: z.string().max(256).optional() }),
  z.looseObject({
    type: z.literal('response_url'),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    expiresAt: z.string().min(1).max(64),
    channelId: z.string().max(256).optional(),
    platformUserId: z.string().max(256).optional(),
    replaceOriginal: z.boolean().optional(),
    teamId: z.string().max(64).optional(),
  }),
  z.looseObject({
    type: z.literal('message_update'),
    messageId: z.string().min(1).max(256),
    channelId: z.string().max(256).optional(),
    teamId: z.string().max(64).optional(),
  }),
  z.looseObject({
    type: z.literal('session_webhook'),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    expiresAt: z.string().min(1).max(64),
    robotCode: z.string().max(256).optional(),
    conversationType: z.enum(['single', 'group']).optional(),
    conversationId: z.string().max(256).optional(),
    platformUserId: z.string().max(256).optional(),
  }),
]);
