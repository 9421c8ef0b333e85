import type { Actor } from '../actor.js';
import { recordActivity } from '../activities/record-activity.js';
import type { ContractDoc } from '../models/contract.js';

/** Puts a signed contract, or a payment received on one, on its customer's timeline. */
export async function recordContractActivity(
  actor: Actor,
  contract: ContractDoc,
  fact: { type: 'contract_signed' } | { type: 'payment_recorded'; amount: number; receivedDate: string },
): Promise<void> {
  const base = {
    contractId: contract._id.toHexString(),
    number: contract.number,
    currency: contract.currency,
    ownerId: contract.ownerId.toHexString(),
  };
  await recordActivity(actor, {
    customerId: contract.customerId,
    type: fact.type,
    content: `${contract.number} ${contract.title}`,
    data:
      fact.type === 'contract_signed'
        ? { ...base, amount: contract.amount, signedDate: contract.signedDate ?? null, endDate: contract.endDate ?? null }
        : { ...base, amount: fact.amount, receivedDate: fact.receivedDate },
  });
}
