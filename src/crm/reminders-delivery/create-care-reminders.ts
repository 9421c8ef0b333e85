import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { systemActor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { Contract } from '../models/contract.js';
import { Customer } from '../models/customer.js';
import { Reminder } from '../models/reminder.js';
import { Staff } from '../models/staff.js';
import { Tenant } from '../models/tenant.js';
import { recordAudit } from '../record-audit.js';

export interface CareCycle {
  level: string;
  everyDays: number;
}

/**
 * After-sale care (售后关怀): a customer of a level with a care cycle is due for a visit every
 * `everyDays` days after their first signed contract. Each completed cycle is one reminder to the
 * owner, once (`care_cycle:<customer>:<level>:<cycle number>`); a cycle missed while the service
 * was down is not back-filled, the current one is enough.
 */
export async function createCareReminders(input: { tenantId: Types.ObjectId; timezone: string; now: Date }): Promise<{ created: number; existing: number }> {
  const { tenantId, timezone, now } = input;
  const result = { created: 0, existing: 0 };
  const tenant = await Tenant.findById(tenantId, { service: 1 }).lean();
  const cycles = new Map(((tenant?.service?.careCycles ?? []) as CareCycle[]).map((c) => [c.level, c.everyDays]));
  if (cycles.size === 0) return result;
  const today = DateTime.fromISO(todayIn(timezone, now), { zone: 'UTC' });
  const customers = await Customer.find({ tenantId, deletedAt: null, level: { $in: [...cycles.keys()] } }, { name: 1, level: 1, ownerId: 1 }).lean();
  if (customers.length === 0) return result;
  const firstSigned = new Map<string, string>();
  const signed = await Contract.find(
    { tenantId, customerId: { $in: customers.map((c) => c._id) }, status: { $in: ['signed', 'executing', 'completed'] }, signedDate: { $type: 'string' } },
    { customerId: 1, signedDate: 1 },
  ).lean();
  for (const c of signed) {
    const key = String(c.customerId);
    if (!firstSigned.has(key) || c.signedDate! < firstSigned.get(key)!) firstSigned.set(key, c.signedDate!);
  }
  const active = new Set((await Staff.find({ tenantId, active: true, _id: { $in: customers.map((c) => c.ownerId) } }, { _id: 1 }).lean()).map((s) => String(s._id)));
  const actor = systemActor(tenantId, 'job');
  for (const customer of customers) {
    const since = firstSigned.get(String(customer._id));
    const everyDays = cycles.get(customer.level!);
    if (!since || !everyDays || !active.has(String(customer.ownerId))) continue;
    const days = Math.floor(today.diff(DateTime.fromISO(since, { zone: 'UTC' }), 'days').days);
    const cycle = Math.floor(days / everyDays);
    if (cycle < 1) continue;
    try {
      const reminder = await Reminder.create({
        tenantId,
        staffId: customer.ownerId,
        customerId: customer._id,
        dueAt: now,
        text: `售后关怀：${customer.level}客户「${customer.name}」签约已 ${cycle * everyDays} 天，该回访了`,
        origin: 'care_cycle',
        source: 'job',
        dedupeKey: `care_cycle:${String(customer._id)}:${customer.level}:${cycle}`,
      });
      await recordAudit(actor, { action: 'reminder.create', entity: 'reminder', entityId: reminder._id, before: null, after: reminder.toObject() });
      result.created++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      result.existing++;
    }
  }
  return result;
}
