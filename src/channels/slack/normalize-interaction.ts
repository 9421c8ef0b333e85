import { z } from 'zod';
import { calendarDateSchema } from '../../crm/calendar-date.js';
import { InvalidInput } from '../../errors.js';
import type { CardActionPayload, InboundEvent } from '../../messaging/inbound-event.js';
import { CARD_ACTION_IDS, type CardActionId } from '../../messaging/outbound-message.js';
import type { ReplyTarget } from '../../messaging/reply-target.js';
import { FOLLOW_UP_CALLBACK_ID, FOLLOW_UP_FIELDS, type FollowUpModalContext } from './follow-up-modal.js';
import { RESPONSE_URL_TTL_MS } from './normalize-slash-command.js';

/** What the interactivity route does with one verified payload. */
export type SlackInteraction =
  | { type: 'event'; event: InboundEvent<'card.action'> }
  /** The "log follow-up" button: open the modal now (its trigger_id lives 3 s). */
  | { type: 'open_modal'; triggerId: string; context: FollowUpModalContext; teamId?: string }
  /** A modal submission that does not validate: Slack shows these under the fields (`response_action: errors`). */
  | { type: 'errors'; errors: Record<string, string> }
  /** Link buttons and anything not ours: acknowledged, nothing stored. */
  | { type: 'ignored'; what: string };

const id = z.string().min(1).max(256);
const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id }),
  team: z.looseObject({ id: z.string().max(64) }).nullable().optional(),
  trigger_id: id,
  response_url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  container: z.looseObject({ message_ts: z.string().max(64).optional(), channel_id: z.string().max(64).optional(), is_ephemeral: z.boolean().optional() }).optional(),
  channel: z.looseObject({ id: z.string().max(64) }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().max(255), value: z.string().max(2000).optional() })).min(1).max(25),
});
const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id }),
  team: z.looseObject({ id: z.string().max(64) }).nullable().optional(),
  view: z.looseObject({
    id,
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).optional(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }),
  }),
});
const buttonValue = z.record(z.string().min(1).max(64), z.string().max(256));
const modalContext = z.looseObject({
  customerId: z.string().regex(/^[0-9a-f]{24}$/i),
  responseUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  channelId: z.string().max(64).optional(),
  messageTs: z.string().max(64).optional(),
  teamId: z.string().max(64).optional(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `crm:<action>:<n>` → the neutral action (render-blocks.ts actionIdOf). */
function actionOf(actionId: string): CardActionId | undefined {
  const name = /^crm:([a-z_]+):\d+$/.exec(actionId)?.[1];
  return CARD_ACTION_IDS.find((a) => a === name);
}

/** Where a pressed card is refreshed: its response_url (replace_original), else chat.update on the message. */
function targetsOf(c: { responseUrl?: string; channelId?: string; messageTs?: string; teamId?: string; userId: string }, receivedAt: Date) {
  const team = c.teamId ? { teamId: c.teamId } : {};
  const expiresAt = new Date(receivedAt.getTime() + RESPONSE_URL_TTL_MS).toISOString();
  const updateTo: ReplyTarget | undefined = c.responseUrl
    ? { type: 'response_url', url: c.responseUrl, expiresAt, replaceOriginal: true, ...(c.channelId ? { channelId: c.channelId } : {}), ...team }
    : c.channelId && c.messageTs
      ? { type: 'message_update', messageId: c.messageTs, channelId: c.channelId, ...team }
      : undefined;
  const replyTo: ReplyTarget | undefined = c.responseUrl
    ? { type: 'response_url', url: c.responseUrl, expiresAt, platformUserId: c.userId, ...(c.channelId ? { channelId: c.channelId } : {}), ...team }
    : undefined;
  return { ...(updateTo ? { updateTo } : {}), ...(replyTo ? { replyTo } : {}) };
}

type Values = Record<string, Record<string, Record<string, unknown>>>;
const fieldOf = (values: Values, block: string) => values[block]?.[block];

/** The modal's fields, checked as Slack would show errors: by block id, in the user's words. */
function readSubmission(values: Values, today: string): { form: NonNullable<CardActionPayload['form']> } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const content = String(fieldOf(values, FOLLOW_UP_FIELDS.content)?.value ?? '').trim();
  if (!content) errors[FOLLOW_UP_FIELDS.content] = '请填写跟进内容 / Please say what happened';
  else if ([...content].length > 2000) errors[FOLLOW_UP_FIELDS.content] = '最多 2000 字 / At most 2000 characters';
  const date = fieldOf(values, FOLLOW_UP_FIELDS.date)?.selected_date;
  if (date !== undefined && date !== null) {
    if (typeof date !== 'string' || !calendarDateSchema.safeParse(date).success) errors[FOLLOW_UP_FIELDS.date] = '日期无效 / Not a valid date';
    else if (date < today) errors[FOLLOW_UP_FIELDS.date] = '下次跟进不能早于今天 / The next follow-up cannot be in the past';
  }
  const option = fieldOf(values, FOLLOW_UP_FIELDS.stage)?.selected_option as { value?: unknown } | null | undefined;
  const stage = option?.value;
  if (stage !== undefined && (typeof stage !== 'string' || stage.length === 0 || stage.length > 64)) errors[FOLLOW_UP_FIELDS.stage] = '阶段无效 / Not a valid stage';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    form: {
      content,
      ...(typeof date === 'string' ? { nextFollowUpDate: date } : {}),
      ...(typeof stage === 'string' ? { stage } : {}),
    },
  };
}

/**
 * A verified interactivity payload (`payload=<json>` form field) → what to do: a press of one of
 * our card buttons becomes a `card.action` event (deduped on its trigger_id, so a redelivery is
 * processed once), except "log follow-up", which opens the modal; the modal's submission, once its
 * fields validate, becomes a `card.action` with the form (deduped on the view id). Throws
 * {@link InvalidInput} for a payload that is not one of these shapes.
 */
export function normalizeSlackInteraction(payloadText: string, context: { tenantId: string; receivedAt?: Date; today?: string }): SlackInteraction {
  const receivedAt = context.receivedAt ?? new Date();
  const payload = parseJson(payloadText);
  const type = (payload as { type?: unknown } | undefined)?.type;
  const base = { tenantId: context.tenantId, platform: 'slack' as const, receivedAt };

  if (type === 'block_actions') {
    const p = blockActions.safeParse(payload);
    if (!p.success) throw new InvalidInput('not a Slack block_actions payload');
    const d = p.data;
    const pressed = d.actions.map((a) => ({ action: actionOf(a.action_id), value: buttonValue.safeParse(parseJson(a.value ?? '')) })).find((a) => a.action);
    if (!pressed?.action || !pressed.value.success) return { type: 'ignored', what: 'block_actions' };
    const teamId = d.team?.id || undefined;
    const channelId = d.container?.channel_id ?? d.channel?.id;
    const messageTs = d.container?.is_ephemeral ? undefined : d.container?.message_ts;
    if (pressed.action === 'log_follow_up') {
      const customerId = pressed.value.data.customerId ?? '';
      if (!/^[0-9a-f]{24}$/i.test(customerId)) return { type: 'ignored', what: 'log_follow_up without a customer' };
      const modal: FollowUpModalContext = {
        customerId,
        ...(d.response_url ? { responseUrl: d.response_url } : {}),
        ...(channelId ? { channelId } : {}),
        ...(messageTs ? { messageTs } : {}),
        ...(teamId ? { teamId } : {}),
      };
      return { type: 'open_modal', triggerId: d.trigger_id, context: modal, ...(teamId ? { teamId } : {}) };
    }
    const payloadOut: CardActionPayload = {
      action: pressed.action,
      value: pressed.value.data,
      ...targetsOf({ ...(d.response_url ? { responseUrl: d.response_url } : {}), ...(channelId ? { channelId } : {}), ...(messageTs ? { messageTs } : {}), ...(teamId ? { teamId } : {}), userId: d.user.id }, receivedAt),
    };
    return {
      type: 'event',
      event: { ...base, dedupeKey: `slack:action:${d.trigger_id}`, kind: 'card.action', actor: { platformUserId: d.user.id }, payload: payloadOut },
    };
  }

  if (type === 'view_submission') {
    const p = viewSubmission.safeParse(payload);
    if (!p.success) throw new InvalidInput('not a Slack view_submission payload');
    const { view, user } = p.data;
    if (view.callback_id !== FOLLOW_UP_CALLBACK_ID) return { type: 'ignored', what: `view ${view.callback_id.slice(0, 64)}` };
    const meta = modalContext.safeParse(parseJson(view.private_metadata ?? ''));
    if (!meta.success) throw new InvalidInput('follow-up modal without its context');
    // Without the tenant's zone here, "past" is before yesterday in UTC (no zone's today is earlier).
    const read = readSubmission(view.state.values as Values, context.today ?? new Date(receivedAt.getTime() - 86_400_000).toISOString().slice(0, 10));
    if ('errors' in read) return { type: 'errors', errors: read.errors };
    const m = meta.data;
    const payloadOut: CardActionPayload = {
      action: 'log_follow_up',
      value: { customerId: m.customerId },
      form: read.form,
      ...targetsOf({ ...m, teamId: m.teamId ?? p.data.team?.id ?? undefined, userId: user.id } as Parameters<typeof targetsOf>[0], receivedAt),
    };
    return {
      type: 'event',
      event: { ...base, dedupeKey: `slack:view:${view.id}`, kind: 'card.action', actor: { platformUserId: user.id }, payload: payloadOut },
    };
  }
  if (typeof type === 'string') return { type: 'ignored', what: type.slice(0, 64) };
  throw new InvalidInput('not a Slack interactivity payload');
}
