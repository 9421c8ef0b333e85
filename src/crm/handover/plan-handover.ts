import { Types } from 'mongoose';
import { Forbidden, InvalidInput, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { Customer } from '../models/customer.js';
import { Staff, type StaffRecord } from '../models/staff.js';
import { customerScopeFilter, mayActForStaff } from '../resolve-data-scope.js';
import { handoverInputSchema } from './handover-input.js';
import { assertCan } from '../permissions/access-of.js';

type StaffRow = StaffRecord & { _id: Types.ObjectId };

export interface HandoverPlan {
  from: StaffRow;
  to: StaffRow;
  kind: 'resigned' | 'in_service';
  customers: { _id: Types.ObjectId; name: string }[];
  dryRun: boolean;
  transferSuccessMsg?: string;
}

/**
 * Decides what a handover would move, writing nothing: the giver's clients (all, or the listed
 * ones) that the actor may see. Admins hand over anyone's clients; managers those of staff in their
 * departments, to staff in their departments. The successor must be someone else, active, in this
 * company (another company's member is simply not found).
 */
export async function planHandover(actor: Actor, raw: unknown): Promise<HandoverPlan> {
  assertCan(actor, 'handover', 'create', 'handovers are made by managers and admins');
  const input = parseInput(handoverInputSchema, raw);
  const from = await findStaff(actor, input.fromStaffId, input.fromUserId, 'fromStaffId');
  const to = await findStaff(actor, input.toStaffId, input.toUserId, 'toStaffId');
  if (from._id.equals(to._id)) throw new InvalidInput('toStaffId: the successor must be someone else', [{ path: 'toStaffId', message: 'same person' }]);
  if (!to.active) throw new InvalidInput(`toStaffId: ${to.name} has left the company and cannot take over clients`, [{ path: 'toStaffId', message: 'inactive' }]);
  if (!(await mayActForStaff(actor, from._id)) || !(await mayActForStaff(actor, to._id))) {
    throw new Forbidden('a manager hands over clients only between members of their departments');
  }
  const filter = {
    ...(await customerScopeFilter(actor)),
    ownerId: from._id,
    ...(input.customerIds ? { _id: { $in: input.customerIds.map((id) => new Types.ObjectId(id)) } } : {}),
  };
  const customers = await Customer.find(filter, { _id: 1, name: 1 }).sort({ _id: 1 }).lean();
  if (input.customerIds) {
    const found = new Set(customers.map((c) => String(c._id)));
    const missing = input.customerIds.filter((id) => !found.has(id.toLowerCase()));
    if (missing.length) {
      throw new InvalidInput(`customerIds: ${missing.join(', ')} not owned by ${from.name} or not visible to you`, [{ path: 'customerIds', message: 'not owned by the giver' }]);
    }
  }
  return { from, to, kind: from.active ? 'in_service' : 'resigned', customers: customers.map((c) => ({ _id: c._id, name: c.name })), dryRun: input.dryRun ?? false, ...(input.transferSuccessMsg ? { transferSuccessMsg: input.transferSuccessMsg } : {}) };
}

async function findStaff(actor: Actor, staffId: string | undefined, userId: string | undefined, field: string): Promise<StaffRow> {
  const row = await Staff.findOne({ tenantId: actor.tenantId, ...(staffId ? { _id: new Types.ObjectId(staffId) } : { userId }) }).lean<StaffRow>();
  if (!row) throw new NotFound(`staff member (${field})`);
  return row;
}
