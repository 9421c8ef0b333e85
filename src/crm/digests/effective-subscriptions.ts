import type { Types } from 'mongoose';
import type { Role } from '../actor.js';
import { Staff } from '../models/staff.js';
import { DIGEST_KINDS, type DigestKind, type DigestSchedule } from './digest-schedule.js';
import { DigestSubscription, type DigestChannel } from './digest-subscription.js';
import type { RecipientStaff } from './digest-team.js';
import { tenantDigestDefaults } from '../settings/tenant-digest-defaults.js';

/** Who gets what unless they opt out: managers their team's day and week, salespeople their morning list. */
export const DEFAULT_KINDS_BY_ROLE: Record<Role, DigestKind[]> = {
  manager: ['daily', 'weekly'],
  sales: ['morning'],
  admin: [],
};

export interface EffectiveSubscription {
  recipient: RecipientStaff;
  kind: DigestKind;
  schedule: DigestSchedule;
  channel: DigestChannel;
  enabled: boolean;
  /** Null while the recipient runs on the defaults (nothing stored yet). */
  subscriptionId: Types.ObjectId | null;
}

/**
 * Stored subscriptions merged with the role defaults, for the tenant's active staff. Nothing is
 * written for defaults, so a tenant with a thousand managers costs no writes until someone changes one.
 */
export async function effectiveSubscriptions(
  tenantId: Types.ObjectId,
  defaultChannel: DigestChannel,
  options: { staff?: RecipientStaff[]; recipientIds?: Types.ObjectId[] } = {},
): Promise<EffectiveSubscription[]> {
  const staff =
    options.staff ??
    (await Staff.find({
      tenantId,
      active: true,
      ...(options.recipientIds ? { _id: { $in: options.recipientIds } } : {}),
    }).lean<RecipientStaff[]>());
  const stored = await DigestSubscription.find({
    tenantId,
    ...(options.recipientIds ? { recipientId: { $in: options.recipientIds } } : {}),
  }).lean();
  const byKey = new Map(stored.map((s) => [`${String(s.recipientId)}:${s.kind}`, s]));
  const defaults = await tenantDigestDefaults(tenantId);
  const result: EffectiveSubscription[] = [];
  for (const person of staff) {
    if (!person.active) continue;
    for (const kind of DIGEST_KINDS) {
      const doc = byKey.get(`${String(person._id)}:${kind}`);
      if (doc) {
        result.push({
          recipient: person,
          kind,
          schedule: { time: doc.schedule!.time, weekdays: [...doc.schedule!.weekdays] },
          channel: doc.channel as DigestChannel,
          enabled: doc.enabled,
          subscriptionId: doc._id,
        });
      } else if (DEFAULT_KINDS_BY_ROLE[person.role].includes(kind)) {
        result.push({ recipient: person, kind, schedule: defaults[kind], channel: defaultChannel, enabled: true, subscriptionId: null });
      }
    }
  }
  return result;
}
