import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import { Forbidden } from '../../errors.js';
import type { CustomerDoc } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { customerDimensions } from '../analytics/customer-dimensions.js';
import { resolveStage } from '../stages.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { contactCycleForLevel } from '../settings/contact-cycle-for-level.js';
import { checkCustomFieldValues } from '../custom-fields/check-custom-field-values.js';
import { createCustomerSchema, type CreateCustomerInput } from './customer-input.js';
import { insertCustomerWithCode } from './insert-customer-with-code.js';
import { refuseDuplicatePhones } from './refuse-duplicate-phones.js';

export async function createCustomer(actor: Actor, rawInput: CreateCustomerInput): Promise<CustomerDoc> {
  const input = parseInput(createCustomerSchema, rawInput);
  const customFields = await checkCustomFieldValues(actor.tenantId, input.customFields ?? {}, { creating: true });
  const stages = await getTenantStages(actor.tenantId);
  const stage = input.stage ? resolveStage(stages, input.stage).key : stages[0]!.key;

  const ownerId = input.ownerId ?? (actor.staffId ? String(actor.staffId) : undefined);
  if (!ownerId) throw new Forbidden('a customer needs an owner');
  if (!(await mayActForStaff(actor, ownerId))) {
    throw new Forbidden(
      actor.role === 'sales'
        ? 'ownerId: salespeople can only create customers they own'
        : 'ownerId: managers can only create customers for staff in their departments',
    );
  }
  await requireActiveStaff(actor.tenantId, [ownerId, ...(input.collaboratorIds ?? [])]);

  const phones = [...new Set((input.phones ?? []).map(normalizePhone).filter(Boolean))];
  await refuseDuplicatePhones(actor, phones);

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
    // Unset: the cycle the settings give the customer's level (e.g. VIP every 7 days).
    contactCycleDays: input.contactCycleDays ?? (await contactCycleForLevel(actor.tenantId, input.level)),
    nextFollowUpAt: input.nextFollowUpAt,
    customFields,
    createdBy: actor.staffId ?? undefined,
  });
  await recordActivity(actor, { customerId: customer._id, type: 'created', data: { stage, source: input.source ?? null, dims: customerDimensions(customer) } });
  await recordAudit(actor, { action: 'customer.create', entity: 'customer', entityId: customer._id, before: null, after: customer.toObject() });
  return customer;
}
