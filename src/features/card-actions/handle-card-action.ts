import { Types } from 'mongoose';
import { replyForError } from '../../../bot-commands/framework/reply-for-error.js';
import { logFollowUp } from '../../crm/activities/log-follow-up.js';
import type { Actor } from '../../crm/actor.js';
import { changeStage } from '../../crm/customers/change-stage.js';
import { updateCustomer } from '../../crm/customers/update-customer.js';
import type { CustomerDoc } from '../../crm/models/customer.js';
import type { StaffDoc } from '../../crm/models/staff.js';
import { Tenant } from '../../crm/models/tenant.js';
import { resolveAccess } from '../../crm/permissions/resolve-access.js';
import { CrmError, InvalidInput, Unauthenticated } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CardActionPayload } from '../../messaging/inbound-event.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import type { InboxHandler } from '../../queue/inbox/inbox-handlers.js';
import type { StoredInboxEvent } from '../../queue/inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import type { Outbox } from '../../queue/outbox/create-outbox.js';
import type { CommandSenders } from '../commands/command-senders.js';
import { runCommandForStaff, type CommandRuntimeOptions } from '../commands/run-command-for-staff.js';
import { followUpInstant } from './card-action-date.js';

export interface CardActionDeps {
  senders: CommandSenders;
  outbox: Pick<Outbox, 'enqueue'>;
  runtime: CommandRuntimeOptions;
  logger: Pick<Logger, 'warn'>;
}

const DAY_MS = 86_400_000;
/** What a follow-up logged with one press (no form) says on the timeline. */
const QUICK_FOLLOW_UP = '已联系（卡片按钮）';

async function actorOf(tenantId: Types.ObjectId, staff: StaffDoc): Promise<Actor> {
  return { tenantId, staffId: staff._id, role: staff.role, departments: staff.departments, source: 'command', name: staff.name, access: await resolveAccess(staff) };
}

function customerIdOf(payload: CardActionPayload): string {
  const id = payload.value.customerId;
  if (!id || !Types.ObjectId.isValid(id)) throw new InvalidInput('the button names no customer');
  return id;
}

/** The change a button (or its form) asks for, through the crm services, in the actor's scope. Returns the customer and a one-line note. */
async function apply(actor: Actor, event: StoredInboxEvent<'card.action'>, timeZone: string, now: Date): Promise<{ customer: CustomerDoc; note: string }> {
  const { payload } = event;
  const customerId = customerIdOf(payload);
  switch (payload.action) {
    case 'log_follow_up': {
      const form = payload.form ?? {};
      const { customer } = await logFollowUp(
        actor,
        customerId,
        {
          content: form.content?.trim() || QUICK_FOLLOW_UP,
          ...(form.nextFollowUpDate ? { nextFollowUpAt: followUpInstant(form.nextFollowUpDate, timeZone) } : {}),
        },
        // A redelivered action (or a retried handler) logs one follow-up.
        { dedupeKey: `card:${event.dedupeKey}` },
      );
      if (form.stage && form.stage !== customer.stage) {
        return { customer: await changeStage(actor, customerId, form.stage), note: '✓ 已记录跟进并更新阶段 / follow-up logged, stage changed' };
      }
      return { customer, note: '✓ 已记录跟进 / follow-up logged' };
    }
    case 'change_stage': {
      const stage = payload.value.stage;
      if (!stage) throw new InvalidInput('the button names no stage');
      return { customer: await changeStage(actor, customerId, stage), note: '✓ 阶段已更新 / stage changed' };
    }
    case 'snooze': {
      const days = Number(payload.value.days ?? '1');
      if (!Number.isInteger(days) || days < 1 || days > 30) throw new InvalidInput('snooze days must be 1–30');
      const customer = await updateCustomer(actor, customerId, { nextFollowUpAt: new Date(now.getTime() + days * DAY_MS) });
      return { customer, note: `✓ 下次跟进推迟 ${days} 天 / snoozed ${days} d` };
    }
  }
}

/**
 * The inbox handler for `card.action` events of every platform: the sender is found like a
 * command's (the channel's resolver), the button's change runs through the crm services in that
 * person's data scope (at most once per event), and the card is refreshed where it stands
 * (`updateTo`: Feishu message patch, Slack replace_original) with the customer's current state —
 * the same card `/customer` shows — and a line saying what was done. A refused action (not in
 * scope, bad stage…) leaves the card and answers the reason (`replyTo`, else on the card).
 */
export function createCardActionHandler(deps: CardActionDeps): InboxHandler<'card.action'> {
  const now = deps.runtime.now ?? (() => new Date());
  return async function handleCardAction(event) {
    if (!Types.ObjectId.isValid(event.tenantId)) throw new PermanentHandlerError('card action with an invalid tenant id');
    const tenantId = new Types.ObjectId(event.tenantId);
    const { payload } = event;
    const answerTo: ReplyTarget | undefined = payload.replyTo ?? payload.updateTo;
    const answer = async (body: MessageBody, to: ReplyTarget | undefined, suffix: string) => {
      if (!to) return;
      await deps.outbox.enqueue({ tenantId: event.tenantId, platform: event.platform, to, body, dedupeKey: `card-action:${event.dedupeKey}:${suffix}` });
    };
    // The same resolver as the platform's commands: it reads only the tenant and the actor.
    const staff = await deps.senders.for(event.platform)(tenantId, event as unknown as StoredInboxEvent<'command'>);
    if (!staff || !staff.active) {
      await answer(replyForError(new Unauthenticated()).reply, answerTo, 'refused');
      return;
    }
    const tenant = await Tenant.findById(tenantId, { timezone: 1 }).lean();
    const timeZone = tenant?.timezone ?? deps.runtime.defaultTimeZone;
    let applied: { customer: CustomerDoc; note: string };
    try {
      applied = await apply(await actorOf(tenantId, staff), event, timeZone, now());
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      deps.logger.warn({ kind: error.kind, action: payload.action, dedupeKey: event.dedupeKey }, 'card action refused');
      await answer(replyForError(error).reply, answerTo, 'refused');
      return;
    }
    // The card as /customer shows it now, rendered by the same command (and recorded once per event).
    const outcome = await runCommandForStaff(
      {
        tenantId,
        platform: event.platform,
        staff,
        platformUserId: event.actor?.platformUserId ?? staff.userId,
        text: `/customer ${applied.customer.code}`,
        eventKey: `${event.dedupeKey}:card`,
        receivedAt: new Date(event.receivedAt),
      },
      deps.runtime,
    );
    const body: MessageBody =
      outcome.reply.type === 'card' ? { type: 'card', card: { ...outcome.reply.card, subtitle: [applied.note, outcome.reply.card.subtitle].filter(Boolean).join(' · ') } } : outcome.reply;
    await answer(body, payload.updateTo ?? payload.replyTo, 'card');
  };
}
