import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Conflict, Forbidden } from '../../errors.js';
import { Customer, type CustomerDoc } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { resolveStage } from '../stages.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { createCustomerSchema, type CreateCustomerInput } from './customer-input.js';
import { insertCustomerWithCode } from './insert-customer-with-code.js';

export async function createCustomer(actor: Actor, rawInput: CreateCustomerInput): Promise<CustomerDoc> {
  const input = parseInput(createCustomerSchema, rawInput);
  const stages = await getTenantStages(actor.tenantId);
  const stage = input.stage ? resolveStage(stages, input.stage).key : stages[0]!.key;

  const ownerId = input.ownerId ?? (actor.staffId ? String(actor.staffId) : undefined);
  if (!ownerId) throw new Forbidden('a customer needs an owner');
  if (actor.role === 'sales' && ownerId !== String(actor.staffId)) {
    throw new Forbidden('salespeople can only create customers they own');
  }
  await requireActiveStaff(actor.tenantId, [ownerId, ...(input.collaboratorIds ?? [])]);

  const phones = [...new Set((input.phones ?? []).map(normalizePhone).filter(Boolean))];
  if (phones.length > 0) {
    const duplicate = await Customer.findOne({ tenantId: actor.tenantId, deletedAt: null, phones: { $in: phones } }, { code: 1 }).lean();
    if (duplicate) throw new Conflict(`a customer with this phone number already exists (${duplicate.code})`, { code: duplicate.code });
  }

  const customer = await insertCustomerWithCode({
    tenantId: actor.tenantId,
    name: input.name,
    company: input.company,
    phones,
    email: input.email,
    source: input.source,
    industry: input.industry,
    stage,
    level: input.level,
    tags: [...new Set(input.tags ?? [])],
    ownerId: new Types.ObjectId(ownerId),
    collaboratorIds: (input.collaboratorIds ?? []).map((id) => new Types.ObjectId(id)),
    contactCycleDays: input.contactCycleDays,
    nextFollowUpAt: input.nextFollowUpAt,
    customFields: input.customFields ?? {},
    createdBy: actor.staffId ?? undefined,
  });
  await recordActivity(actor, { customerId: customer._id, type: 'created', data: { stage, source: input.source ?? null } });
  await recordAudit(actor, { action: 'customer.create', entity: 'customer', entityId: customer._id, before: null, after: customer.toObject() });
  return customer;
}
