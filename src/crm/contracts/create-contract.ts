import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Forbidden, InvalidInput } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { findDealInScope } from '../deals/find-deal-in-scope.js';
import { getSalesSettings } from '../deals/sales-settings.js';
import type { ContractDoc } from '../models/contract.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { mayActForStaff } from '../resolve-data-scope.js';
import { requireActiveStaff } from '../staff/find-staff.js';
import { createContractSchema, type CreateContractInput } from './contract-input.js';
import { insertContractWithNumber } from './insert-contract-with-number.js';

/** A draft contract (合同) numbered from the tenant's format; every check runs before a number is taken. */
export async function createContract(actor: Actor, rawInput: CreateContractInput, now = new Date()): Promise<{ contract: ContractDoc; today: string }> {
  const input = parseInput(createContractSchema, rawInput);
  const customer = await findCustomerInScope(actor, input.customerId);
  const deal = input.dealId ? await findDealInScope(actor, input.dealId) : undefined;
  if (deal && !deal.customerId.equals(customer._id)) {
    throw new InvalidInput('dealId: the deal belongs to another customer', [{ path: 'dealId', message: 'belongs to another customer' }]);
  }
  const settings = await getSalesSettings(actor.tenantId);
  const ownerId = input.ownerId ?? (actor.staffId ? String(actor.staffId) : String(customer.ownerId));
  if (!(await mayActForStaff(actor, ownerId))) throw new Forbidden('ownerId: you cannot create contracts for this staff member');
  await requireActiveStaff(actor.tenantId, [ownerId]);

  const today = todayIn(settings.timezone, now);
  const contract = await insertContractWithNumber(
    {
      tenantId: actor.tenantId,
      customerId: customer._id,
      dealId: deal?._id,
      title: input.title,
      ownerId: new Types.ObjectId(ownerId),
      amount: input.amount,
      currency: input.currency ?? deal?.currency ?? settings.defaultCurrency,
      signedDate: input.signedDate,
      startDate: input.startDate,
      endDate: input.endDate,
      status: 'draft',
      approval: { required: input.amount > settings.contractApprovalThreshold },
      createdBy: actor.staffId ?? undefined,
    },
    settings.contractNumberFormat,
    today,
  );
  await recordAudit(actor, { action: 'contract.create', entity: 'contract', entityId: contract._id, before: null, after: contract.toObject() });
  return { contract, today };
}
