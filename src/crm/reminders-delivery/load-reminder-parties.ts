import type { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { Staff } from '../models/staff.js';

type PartyIds = { tenantId: Types.ObjectId; staffId?: Types.ObjectId | null; customerId?: Types.ObjectId | null };

const partyKey = (tenantId: Types.ObjectId, id: Types.ObjectId | null | undefined) => `${String(tenantId)}:${String(id)}`;

/**
 * The staff to notify and the customers the reminders are about, for a whole batch: two queries
 * per tenant (ids by $in, only the fields the delivery reads) instead of two per reminder.
 * Lookups are by the reminder itself, so a party is only ever found within its reminder's tenant.
 */
export async function loadReminderParties(reminders: readonly PartyIds[]) {
  const byTenant = new Map<string, { tenantId: Types.ObjectId; staffIds: Types.ObjectId[]; customerIds: Types.ObjectId[] }>();
  for (const r of reminders) {
    const key = String(r.tenantId);
    const group = byTenant.get(key) ?? { tenantId: r.tenantId, staffIds: [], customerIds: [] };
    byTenant.set(key, group);
    if (r.staffId) group.staffIds.push(r.staffId);
    if (r.customerId) group.customerIds.push(r.customerId);
  }
  const groups = [...byTenant.values()];
  const [staffRows, customerRows] = await Promise.all([
    Promise.all(
      groups.map(({ tenantId, staffIds }) =>
        Staff.find({ tenantId, _id: { $in: staffIds } }, { tenantId: 1, userId: 1, dingtalkUserId: 1, feishuOpenId: 1, slackUserId: 1, active: 1 }).lean(),
      ),
    ),
    Promise.all(
      groups.map(({ tenantId, customerIds }) =>
        customerIds.length === 0
          ? Promise.resolve([])
          : Customer.find(
              { tenantId, _id: { $in: customerIds } },
              { tenantId: 1, name: 1, code: 1, stage: 1, deletedAt: 1, contactCycleDays: 1, lastContactAt: 1, createdAt: 1 },
            ).lean(),
      ),
    ),
  ]);
  const staffById = new Map(staffRows.flat().map((s) => [partyKey(s.tenantId, s._id), s]));
  const customerById = new Map(customerRows.flat().map((c) => [partyKey(c.tenantId, c._id), c]));
  return {
    staffOf: (r: PartyIds) => staffById.get(partyKey(r.tenantId, r.staffId)),
    customerOf: (r: PartyIds) => (r.customerId ? (customerById.get(partyKey(r.tenantId, r.customerId)) ?? null) : null),
  };
}
