import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { recordActivity, type NewActivity } from '../activities/record-activity.js';
import { Forbidden } from '../../errors.js';
import type { CustomerDoc } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff, mayManageCustomerPeople } from '../resolve-data-scope.js';
import { customerDimensions } from '../analytics/customer-dimensions.js';
import { resolveStage } from '../stages.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import { checkCustomFieldValues } from '../custom-fields/check-custom-field-values.js';
import { updateCustomerSchema, type UpdateCustomerInput } from './customer-input.js';
import { mergeCustomFields } from './merge-custom-fields.js';
import { findCustomerInScope } from './find-customer-in-scope.js';
import { refuseDuplicatePhones } from './refuse-duplicate-phones.js';
import { buildSearchText } from './search-text.js';
import { assertCan } from '../permissions/access-of.js';

const OPT_OUTS = ['doNotMarket', 'doNotSurvey'] as const;

const sameIds = (a: Types.ObjectId[], b: Types.ObjectId[]) =>
  a.length === b.length && a.every((id, i) => id.equals(b[i]!));

/**
 * The one write path for customer fields: stage, owner, collaborator and tag changes
 * also land on the timeline, and every change is audited with before/after.
 */
export async function updateCustomer(
  actor: Actor,
  customerId: string | Types.ObjectId,
  rawPatch: UpdateCustomerInput,
  options: { note?: string } = {},
): Promise<CustomerDoc> {
  const patch = parseInput(updateCustomerSchema, rawPatch);
  const customer = await findCustomerInScope(actor, customerId);
  const before = customer.toObject();
  const timeline: NewActivity[] = [];
  const customFields =
    patch.customFields === undefined
      ? undefined
      : await checkCustomFieldValues(actor.tenantId, patch.customFields, { creating: false, stored: customer.customFields });

  // Checked before anything changes, so a refused patch writes nothing.
  if ((patch.ownerId !== undefined || patch.collaboratorIds !== undefined) && !(await mayManageCustomerPeople(actor, customer))) {
    throw new Forbidden('only the owner, a manager of the owner’s department or an admin can change ownerId or collaboratorIds');
  }
  if (patch.ownerId !== undefined && patch.ownerId !== String(customer.ownerId)) {
    assertCan(actor, 'customers', 'admin', 'ownerId: only managers and admins can reassign customers');
    if (!(await mayActForStaff(actor, patch.ownerId))) {
      throw new Forbidden('ownerId: managers can only hand customers to staff in their departments');
    }
    const [owner] = await requireActiveStaff(actor.tenantId, [patch.ownerId]);
    timeline.push({
      customerId: customer._id,
      type: 'owner_changed',
      data: { from: String(customer.ownerId), to: patch.ownerId, toName: owner!.name },
    });
    customer.ownerId = new Types.ObjectId(patch.ownerId);
    customer.needsTransfer = false;
  }
  if (patch.collaboratorIds !== undefined) {
    await requireActiveStaff(actor.tenantId, patch.collaboratorIds);
    const next = [...new Set(patch.collaboratorIds)].map((id) => new Types.ObjectId(id));
    if (!sameIds(next, customer.collaboratorIds)) {
      timeline.push({
        customerId: customer._id,
        type: 'collaborators_changed',
        data: { from: customer.collaboratorIds.map(String), to: next.map(String) },
      });
      customer.collaboratorIds = next;
    }
  }
  if (patch.stage !== undefined) {
    const target = resolveStage(await getTenantStages(actor.tenantId), patch.stage);
    const stage = target.key;
    if (stage !== customer.stage) {
      timeline.push({
        customerId: customer._id,
        type: 'stage_changed',
        content: options.note,
        data: { from: customer.stage, to: stage, ...(target.won ? { won: true } : {}), dims: customerDimensions(customer) },
      });
      customer.stage = stage;
    }
  }
  if (patch.tags !== undefined) {
    const next = [...new Set(patch.tags)];
    const added = next.filter((t) => !customer.tags.includes(t));
    const removed = customer.tags.filter((t) => !next.includes(t));
    if (added.length + removed.length > 0) {
      timeline.push({ customerId: customer._id, type: 'tagged', data: { added, removed } });
      customer.tags = next;
    }
  }
  if (patch.phones !== undefined) {
    const phones = [...new Set(patch.phones.map(normalizePhone).filter(Boolean))];
    const newOnes = phones.filter((p) => !customer.phones.includes(p));
    await refuseDuplicatePhones(actor, newOnes, customer._id);
    customer.phones = phones;
  }
  const simple = ['name', 'company', 'email', 'source', 'industry', 'level', 'contactCycleDays', 'nextFollowUpAt'] as const;
  for (const field of simple) {
    const value = patch[field];
    if (value !== undefined) customer.set(field, value === null ? undefined : value);
  }
  const optOuts = OPT_OUTS.filter((field) => patch[field] !== undefined && patch[field] !== Boolean(customer[field]));
  if (optOuts.length > 0) {
    timeline.push({
      customerId: customer._id,
      type: 'opt_out_changed',
      data: Object.fromEntries(optOuts.map((field) => [field, { from: Boolean(customer[field]), to: patch[field] }])),
    });
    for (const field of optOuts) customer.set(field, patch[field]);
  }
  if (customFields !== undefined) {
    customer.customFields = mergeCustomFields(customer.customFields, customFields);
    customer.markModified('customFields');
  }
  customer.searchText = buildSearchText(customer);

  if (!customer.isModified()) return customer;
  await customer.save();
  for (const activity of timeline) await recordActivity(actor, activity);
  await recordAudit(actor, { action: 'customer.update', entity: 'customer', entityId: customer._id, before, after: customer.toObject() });
  return customer;
}
