import { Unavailable } from '../../errors.js';
import type { Actor } from '../actor.js';
import { ExternalContact } from '../contacts/external-contact-model.js';
import { Customer } from '../models/customer.js';
import { Staff } from '../models/staff.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import type { HandoverTransfer } from './handover-transfer.js';
import { assertCan } from '../permissions/access-of.js';

export interface UnassignedClientView {
  handoverUserId: string;
  staffId: string | null;
  staffName: string | null;
  externalUserId: string;
  contactName: string | null;
  customerId: string | null;
  customerName: string | null;
  leftAt: string | null;
}

/**
 * Leavers' clients the platform still holds for no one (WeCom 待分配的离职成员客户), with the CRM's
 * staff and customer they belong to where known; for one leaver when `userId` is given. Managers
 * see their departments' leavers only.
 */
export async function listUnassignedClients(actor: Actor, transfer: HandoverTransfer | undefined, userId?: string): Promise<UnassignedClientView[]> {
  assertCan(actor, 'handover', 'view', 'handovers are made by managers and admins');
  const listed = transfer ? await transfer.unassigned(actor.tenantId) : null;
  if (!listed) throw new Unavailable('this company has no WeCom app: there is no list of unassigned clients (DingTalk has no external-contact handover)');
  const rows = userId ? listed.filter((r) => r.handoverUserId === userId) : listed;
  const { tenantId } = actor;
  const staff = await Staff.find({ tenantId, userId: { $in: [...new Set(rows.map((r) => r.handoverUserId))] } }, { userId: 1, name: 1 }).lean();
  const visible = await visibleStaffIds(actor);
  const seen = (id: string) => {
    const s = staff.find((x) => x.userId === id);
    return visible === 'all' || (s !== undefined && visible.some((v) => v.equals(s._id)));
  };
  const contacts = await ExternalContact.find({ tenantId, externalUserId: { $in: rows.map((r) => r.externalUserId) } }, { externalUserId: 1, name: 1, customerId: 1 }).lean();
  const customers = await Customer.find({ tenantId, deletedAt: null, _id: { $in: contacts.flatMap((c) => (c.customerId ? [c.customerId] : [])) } }, { name: 1 }).lean();
  return rows.filter((r) => seen(r.handoverUserId)).map((r) => {
    const s = staff.find((x) => x.userId === r.handoverUserId);
    const contact = contacts.find((c) => c.externalUserId === r.externalUserId);
    const customer = contact?.customerId ? customers.find((c) => c._id.equals(contact.customerId!)) : undefined;
    return {
      handoverUserId: r.handoverUserId,
      staffId: s ? String(s._id) : null,
      staffName: s?.name ?? null,
      externalUserId: r.externalUserId,
      contactName: contact?.name || null,
      customerId: customer ? String(customer._id) : null,
      customerName: customer?.name ?? null,
      leftAt: r.leftAt ? r.leftAt.toISOString() : null,
    };
  });
}
