import { Types } from 'mongoose';
import type { CommandOutcome } from '../../../bot-commands/index.js';
import { replyForError } from '../../../bot-commands/framework/reply-for-error.js';
import { Unauthenticated } from '../../errors.js';
import type { InboxHandler } from '../../queue/inbox/inbox-handlers.js';
import type { Outbox } from '../../queue/outbox/create-outbox.js';
import type { CommandSenders } from './command-senders.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import type { Histogram } from 'prom-client';
import { runCommandForStaff, type CommandRuntimeOptions } from './run-command-for-staff.js';

export function replyDedupeKey(eventDedupeKey: string): string {
  return `command-reply:${eventDedupeKey}`;
}

/**
 * The inbox handler for `command` events of every platform: the channel's sender resolver (see
 * CommandSenders.set; by default the Staff record of the platform user id) finds the
 * person, the command runs under that person's data scope, and the reply is queued to the event's
 * `replyTo` (a WeCom user, a DingTalk sessionWebhook…) with a key derived from the event, so a
 * redelivered event neither runs twice nor answers twice. Someone unknown or inactive gets the
 * one `Unauthenticated` reply.
 */
export interface CommandEventDeps {
  senders: CommandSenders;
  outbox: Pick<Outbox, 'enqueue'>;
  /** Seconds from callback to reply queued, by platform and outcome. */
  latency: Histogram<'platform' | 'status'>;
}

export function createCommandEventHandler(deps: CommandEventDeps, options: CommandRuntimeOptions): InboxHandler<'command'> {
  const now = options.now ?? (() => new Date());
  return async function handleCommandEvent(event) {
    if (!Types.ObjectId.isValid(event.tenantId)) throw new PermanentHandlerError('command event with an invalid tenant id');
    const tenantId = new Types.ObjectId(event.tenantId);
    const staff = await deps.senders.for(event.platform)(tenantId, event);

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
          text: event.payload.text,
          eventKey: event.dedupeKey,
          receivedAt: new Date(event.receivedAt),
        },
        options,
      );
    }
    await deps.outbox.enqueue({
      tenantId: event.tenantId,
      platform: event.platform,
      to: event.payload.replyTo,
      body: outcome.reply,
      dedupeKey: replyDedupeKey(event.dedupeKey),
    });
    deps.latency.observe({ platform: event.platform, status: outcome.status }, (now().getTime() - new Date(event.receivedAt).getTime()) / 1000);
  };
}
