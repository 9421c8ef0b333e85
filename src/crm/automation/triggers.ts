import { z } from 'zod';

const text = z.string().trim().min(1).max(100);
const days = z.number().int().min(1).max(3650);

/** What starts a rule. Event triggers come from the timeline; time triggers from the hourly scan. */
export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage_changed'), to: text }).strict(),
  z.object({ type: z.literal('no_contact'), days }).strict(),
  z.object({ type: z.literal('ticket_resolved') }).strict(),
  z.object({ type: z.literal('contract_signed') }).strict(),
  z.object({ type: z.literal('contract_ending'), days }).strict(),
  z.object({ type: z.literal('payment_overdue') }).strict(),
  /** A WeCom external contact added through a 「联系我」 code with this `State`. */
  z.object({ type: z.literal('contact_added'), state: text }).strict(),
  z.object({ type: z.literal('survey_answered_low') }).strict(),
]);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerType = Trigger['type'];
/** A trigger an action can cause, for the loop check (`to` narrows stage_changed). */
export type TriggerRef = { type: TriggerType; to?: string };


/** Timeline entries that can fire a rule; the relay queues only these for the automation subscriber. */
export const TRIGGER_ACTIVITY_TYPES = ['stage_changed', 'ticket_status_changed', 'contract_signed', 'contact_added', 'survey_answered'] as const;

/** Triggers found by the periodic scan rather than by an event. */
export const TIME_TRIGGER_TYPES = ['no_contact', 'contract_ending', 'payment_overdue'] as const satisfies readonly TriggerType[];

/** Does this timeline entry fire the trigger? (Entries carry the facts in `data`.) */
export function firedByActivity(trigger: Trigger, activity: { type: string; data: Record<string, unknown> }): boolean {
  switch (trigger.type) {
    case 'stage_changed':
      return activity.type === 'stage_changed' && activity.data.to === trigger.to;
    case 'ticket_resolved':
      return activity.type === 'ticket_status_changed' && activity.data.to === 'resolved';
    case 'contract_signed':
      return activity.type === 'contract_signed';
    case 'contact_added':
      return activity.type === 'contact_added' && activity.data.state === trigger.state;
    case 'survey_answered_low':
      return activity.type === 'survey_answered' && activity.data.low === true;
    default:
      return false;
  }
}
