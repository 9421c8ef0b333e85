import { type Actor, systemActor } from '../actor.js';
import { updateCustomer } from '../customers/update-customer.js';
import type { DealDoc } from '../models/deal.js';
import { Customer } from '../models/customer.js';
import { getTenantStages } from '../tenants/get-tenant.js';

/**
 * A won deal makes its customer a won customer (成交) through the customer's own stage rules, with
 * a timeline entry naming the deal. The move is the deal's consequence, not a second decision, so it
 * runs as the system on behalf of the person who won the deal (a deal collaborator may not be
 * allowed to edit the customer itself).
 */
export async function customerFollowsWonDeal(actor: Actor, deal: DealDoc): Promise<void> {
  const wonStage = (await getTenantStages(actor.tenantId)).find((stage) => stage.won);
  if (!wonStage) return;
  const customer = await Customer.findOne({ _id: deal.customerId, tenantId: actor.tenantId, deletedAt: null }, { stage: 1 }).lean();
  if (!customer || customer.stage === wonStage.key) return;
  const onBehalf: Actor = { ...systemActor(actor.tenantId, actor.source), staffId: actor.staffId, name: actor.name ?? 'system' };
  await updateCustomer(onBehalf, deal.customerId, { stage: wonStage.key }, { note: `商机「${deal.title}」赢单` });
}
