import { z } from 'zod';
import { PLATFORMS, type Platform } from './platform.js';
import { CARD_ACTION_IDS, cardActionValueSchema } from './outbound-message.js';
import { replyTargetSchema } from './reply-target.js';

/**
 * Every kind of inbound event a channel may produce, with the schema of its payload. The map is
 * the contract between channels (which normalize platform callbacks into these) and the modules
 * that handle them: `InboxHandlers.on(kind, handler)` types the handler's payload from here, and
 * `src/app/app-modules.ts` fails to compile when a kind marked `handled` has no module for it.
 */
export const inboundEventKinds = {
  /** A line of text a staff member typed to the bot; the reply goes to `replyTo`. */
  command: {
    handled: true,
    payload: z.looseObject({ text: z.string().max(10_000), replyTo: replyTargetSchema }),
  },
  /**
   * A staff member pressed a card button (Feishu card action, Slack block_actions) or submitted
   * its form (Slack view_submission): `action` and `value` are the button's (src/messaging
   * outbound-message CardButton); `form` the fields typed in; the refreshed card goes to `updateTo`
   * (the card itself), a note to `replyTo` when the card cannot be replaced.
   */
  'card.action': {
    handled: true,
    payload: z.looseObject({
      action: z.enum(CARD_ACTION_IDS),
      value: cardActionValueSchema,
      form: z
        .looseObject({
          content: z.string().max(2000).optional(),
          /** Calendar date `YYYY-MM-DD` in the tenant's time zone. */
          nextFollowUpDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
          stage: z.string().max(64).optional(),
        })
        .optional(),
      updateTo: replyTargetSchema.optional(),
      replyTo: replyTargetSchema.optional(),
    }),
  },
  'contact.added': { handled: true, payload: contactEventPayload() },
  'contact.updated': { handled: true, payload: contactEventPayload() },
  'contact.removed': { handled: true, payload: contactEventPayload() },
  'contact.staff_removed': { handled: true, payload: contactEventPayload() },
  'contact.transfer_failed': { handled: true, payload: contactEventPayload() },
  /** A corp tag or tag group was created, changed, deleted or reordered. */
  'tag.changed': {
    handled: true,
    payload: z.looseObject({
      id: z.string().max(256).optional(),
      tagType: z.string().max(64).optional(),
      changeType: z.string().max(64),
      strategyId: z.string().max(64).optional(),
      occurredAt: z.string().max(64),
    }),
  },
  'staff.added': { handled: true, payload: staffChangePayload() },
  'staff.updated': { handled: true, payload: staffChangePayload() },
  'staff.left': { handled: true, payload: staffChangePayload() },
  /**
   * A fact the CRM recorded (one timeline activity), relayed to one named subscriber (automation
   * rules, statistics rollups…). Each subscriber gets its own inbox event, so one failing consumer
   * is retried alone. Origin `crm`, never a platform.
   */
  'domain.event': {
    handled: true,
    payload: z.looseObject({
      subscriber: z.string().min(1).max(64),
      activity: z.looseObject({
        id: z.string().min(1).max(64),
        type: z.string().min(1).max(64),
        customerId: z.string().min(1).max(64),
        authorId: z.string().max(64).nullable(),
        at: z.iso.datetime({ offset: true }),
        source: z.string().max(64),
        channel: z.string().max(64).optional(),
        data: z.record(z.string(), z.unknown()),
      }),
    }),
  },
  /** Anything a channel does not understand: stored raw for inspection, handled by nobody. */
  unknown: { handled: false, payload: z.looseObject({}) },
} as const;

export type InboundEventKind = keyof typeof inboundEventKinds;
/** The kinds some module must handle (the rest are stored raw). */
export type HandledEventKind = {
  [K in InboundEventKind]: (typeof inboundEventKinds)[K]['handled'] extends true ? K : never;
}[InboundEventKind];
export type PayloadOf<K extends InboundEventKind> = z.infer<(typeof inboundEventKinds)[K]['payload']>;

export const INBOUND_EVENT_KINDS = Object.keys(inboundEventKinds) as InboundEventKind[];

/** Where an inbound event comes from: a chat platform, or the CRM itself (domain events). */
export const EVENT_ORIGINS = [...PLATFORMS, 'crm'] as const;
export type EventOrigin = (typeof EVENT_ORIGINS)[number];
/** Domain events come from the CRM; every other kind from a platform. */
export type OriginOf<K extends InboundEventKind> = K extends 'domain.event' ? 'crm' : Platform;
/** The kinds a chat platform produces. */
export type PlatformEventKind = Exclude<InboundEventKind, 'domain.event'>;
/** What a channel's normalizer knows before it picks the kind: tenant, platform, dedupe key, time. */
export type PlatformEventEnvelope = Omit<InboundEvent<PlatformEventKind>, 'kind' | 'payload'>;

/** The neutral shape every channel normalizes its callbacks into (and the CRM its domain events). */
export interface InboundEvent<K extends InboundEventKind = InboundEventKind> {
  tenantId: string;
  platform: OriginOf<K>;
  /** Unique per tenant; a second delivery with the same key is acknowledged and dropped. */
  dedupeKey: string;
  kind: K;
  /** The platform user who caused the event, when there is one. */
  actor?: { platformUserId: string; name?: string };
  payload: PayloadOf<K>;
  receivedAt: Date;
}

export type CommandPayload = PayloadOf<'command'>;
export type CardActionPayload = PayloadOf<'card.action'>;
/** The kinds about one relation between a staff member and an external contact. */
export type ContactEventKind = 'contact.added' | 'contact.updated' | 'contact.removed' | 'contact.staff_removed' | 'contact.transfer_failed';
export type ContactEventPayload = PayloadOf<ContactEventKind>;
export type TagChangedPayload = PayloadOf<'tag.changed'>;
export type StaffChangePayload = PayloadOf<'staff.added'>;
export type DomainEventPayload = PayloadOf<'domain.event'>;

/** Edge validation of what a channel hands to the inbox: the envelope, then the kind's payload. */
export const inboundEventSchema = z
  .object({
    tenantId: z.string().min(1).max(128),
    platform: z.enum(EVENT_ORIGINS),
    dedupeKey: z.string().min(1).max(512),
    kind: z.enum(INBOUND_EVENT_KINDS as [InboundEventKind, ...InboundEventKind[]]),
    actor: z.object({ platformUserId: z.string().min(1).max(256), name: z.string().max(256).optional() }).optional(),
    payload: z.record(z.string(), z.unknown()),
    receivedAt: z.date(),
  })
  .superRefine((event, ctx) => {
    const result = inboundEventKinds[event.kind].payload.safeParse(event.payload);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: ['payload', ...issue.path], message: issue.message });
  });

/** Payload of the WeCom contact event kinds (contact.added/updated/removed/staff_removed/transfer_failed). */
function contactEventPayload() {
  return z.looseObject({
    externalUserId: z.string().min(1).max(128),
    /** The staff member's platform user id (WeCom UserID). */
    staffUserId: z.string().min(1).max(128),
    /** When the platform says it happened, ISO string (order-independence is decided on it). */
    occurredAt: z.iso.datetime({ offset: true }),
    state: z.string().max(256).optional(),
    welcomeCode: z.string().max(512).optional(),
    /** add_half_external_contact: the customer added the member without verification (one-way). */
    half: z.boolean().optional(),
    /** e.g. DELETE_BY_TRANSFER (removed by in-service transfer); absent otherwise. */
    source: z.string().max(128).optional(),
    failReason: z.string().max(128).optional(),
  });
}

/** Payload of the directory kinds (staff.added/updated/left). */
function staffChangePayload() {
  return z.looseObject({
    eventType: z.string().max(128),
    /** Platform user ids of the people concerned. */
    userIds: z.array(z.string().min(1).max(256)).min(1).max(1000),
    corpId: z.string().max(256).optional(),
    /** Who made the change in the admin console, when the platform says. */
    operatorUserId: z.string().max(256).optional(),
    eventTime: z.string().max(64).optional(),
  });
}
