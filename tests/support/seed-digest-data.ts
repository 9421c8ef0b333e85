import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { Activity } from '../../src/crm/models/activity.js';
import { Customer } from '../../src/crm/models/customer.js';
import { Reminder } from '../../src/crm/models/reminder.js';
import { Staff } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';

/** A Shanghai wall-clock time as an instant: sh('2025-03-14 23:30'). */
export const sh = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Asia/Shanghai' }).toJSDate();

let seq = 0;

export async function seedTenant(slug = `t${Date.now()}${seq++}`) {
  return Tenant.create({ slug, name: slug, timezone: 'Asia/Shanghai' });
}

export async function seedStaff(
  tenantId: Types.ObjectId,
  name: string,
  role: 'sales' | 'manager' | 'admin',
  departments: string[],
  extra: { active?: boolean; dingtalkUserId?: string } = {},
) {
  return Staff.create({ tenantId, userId: `u-${name}-${seq++}`, name, role, departments, active: extra.active ?? true, ...extra });
}

export async function seedCustomer(
  tenantId: Types.ObjectId,
  ownerId: Types.ObjectId,
  name: string,
  fields: {
    createdAt?: Date;
    source?: string;
    stage?: string;
    nextFollowUpAt?: Date;
    lastContactAt?: Date;
    contactCycleDays?: number;
  } = {},
) {
  const n = ++seq;
  return Customer.create({
    tenantId,
    ownerId,
    name,
    code: `C${String(n).padStart(5, '0')}`,
    stage: fields.stage ?? 'lead',
    searchText: name.toLowerCase(),
    createdAt: fields.createdAt ?? sh('2025-01-01 10:00'),
    ...fields,
  });
}

export async function seedFollowUp(tenantId: Types.ObjectId, customerId: Types.ObjectId, authorId: Types.ObjectId, at: Date) {
  return Activity.create({ tenantId, customerId, authorId, type: 'follow_up', at, source: 'api', content: 'call' });
}

export async function seedStageMove(
  tenantId: Types.ObjectId,
  customerId: Types.ObjectId,
  authorId: Types.ObjectId,
  from: string,
  to: string,
  at: Date,
) {
  return Activity.create({ tenantId, customerId, authorId, type: 'stage_changed', at, source: 'api', data: { from, to } });
}

export async function seedReminder(
  tenantId: Types.ObjectId,
  staffId: Types.ObjectId,
  dueAt: Date,
  text: string,
  extra: { customerId?: Types.ObjectId; status?: 'open' | 'done' | 'cancelled'; origin?: 'manual' | 'contact_cycle' } = {},
) {
  return Reminder.create({ tenantId, staffId, dueAt, text, status: extra.status ?? 'open', origin: extra.origin ?? 'manual', ...extra });
}
