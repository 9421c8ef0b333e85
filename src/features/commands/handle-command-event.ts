import { Types } from 'mongoose';
import { z } from 'zod';
import type { CommandOutcome } from '../../../bot-commands/index.js';
import { replyForError } from '../../../bot-commands/framework/reply-for-error.js';
import { commandSenderResolverFor } from '../../channels/shared/command-sender-resolvers.js';
import { Unauthenticated } from '../../errors.js';
import type { StoredInboxEvent } from '../../queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import { enqueueOutbound } from '../../queue/outbox/enqueue-outbound.js';
import type { ReplyTarget } from '../../queue/outbox/outbound-message.js';
import { commandReplyLatency } from './command-reply-latency.js';
import { runCommandForStaff, type CommandRuntimeOptions } from './run-command-for-staff.js';

const payloadSchema = z.looseObject({
  text: z.string().max(10_000),
  // The outbox validates the target fully when the reply is enqueued.
  replyTo: z.looseObject({ type: z.enum(['user', 'chat', 'session_webhook']) }),
});

export function replyDedupeKey(eventDedupeKey: string): string {
  return `command-reply:${eventDedupeKey}`;
}

/**
 * The inbox handler for `command` events of every platform: the channel's sender resolver (see
 * registerCommandSenderResolver; by default the Staff record of the platform user id) finds the
 * person, the command runs under that person's data scope, and the reply is queued to the event's
 * `replyTo` (a WeCom user, a DingTalk sessionWebhook…) with a key derived from the event, so a
 * redelivered event neither runs twice nor answers twice. Someone unknown or inactive gets the
 * one `Unauthenticated` reply.
 */
export function createCommandEventHandler(options: CommandRuntimeOptions) {
  const now = options.now ?? (() => new Date());
  return async function handleCommandEvent(event: StoredInboxEvent): Promise<void> {
    const parsed = payloadSchema.safeParse(event.payload);
    if (!parsed.success) throw new PermanentHandlerError('command payload without text or replyTo');
    if (!Types.ObjectId.isValid(event.tenantId)) throw new PermanentHandlerError('command event with an invalid tenant id');
    const tenantId = new Types.ObjectId(event.tenantId);
    const staff = await commandSenderResolverFor(event.platform)(tenantId, event);

    let outcome: CommandOutcome;
    if (!staff || !staff.active) {
      outcome = { status: 'rejected', reply: replyForError(new Unauthenticated()).reply };
    } else {
      outcome = await runCommandForStaff(
        {
          tenantId,
          platform: event.platform,
          staff,
          platformUserId: event.actor?.platformUserId ?? staff.userId,
          text: parsed.data.text,
          eventKey: event.dedupeKey,
          receivedAt: new Date(event.receivedAt),
        },
        options,
      );
    }
    await enqueueOutbound({
      tenantId: event.tenantId,
      platform: event.platform,
      to: parsed.data.replyTo as unknown as ReplyTarget,
      body: outcome.reply,
      dedupeKey: replyDedupeKey(event.dedupeKey),
    });
    commandReplyLatency.observe({ platform: event.platform, status: outcome.status }, (now().getTime() - new Date(event.receivedAt).getTime()) / 1000);
  };
}
