import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Activity, type ActivityDoc, type ActivityType } from '../models/activity.js';

export interface NewActivity {
  customerId: Types.ObjectId;
  type: ActivityType;
  at?: Date;
  content?: string;
  channel?: string;
  data?: Record<string, unknown>;
  /** Event-driven activities pass one so a redelivered event adds nothing. */
  dedupeKey?: string;
  /** Defaults to the actor; platform events may name the staff member who caused them. */
  authorId?: Types.ObjectId | null;
}

/** Appends to a customer's timeline; with a dedupeKey, a repeat returns the existing entry. */
export async function recordActivity(actor: Actor, activity: NewActivity): Promise<ActivityDoc> {
  const doc = {
    tenantId: actor.tenantId,
    customerId: activity.customerId,
    type: activity.type,
    at: activity.at ?? new Date(),
    authorId: activity.authorId === undefined ? actor.staffId : activity.authorId,
    source: actor.source,
    content: activity.content,
    channel: activity.channel,
    data: activity.data ?? {},
    ...(activity.dedupeKey ? { dedupeKey: activity.dedupeKey } : {}),
  };
  try {
    return await Activity.create(doc);
  } catch (error) {
    if ((error as { code?: number }).code === 11000 && activity.dedupeKey) {
      const existing = await Activity.findOne({ tenantId: actor.tenantId, dedupeKey: activity.dedupeKey });
      if (existing) return existing;
    }
    throw error;
  }
}
