import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Contract, type ContractDoc } from '../models/contract.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';

/** HT-2026-0001 (any case, any width) among the contracts the actor may see. */
export async function findContractByNumber(actor: Actor, number: string): Promise<ContractDoc> {
  const wanted = number.normalize('NFKC').trim().toUpperCase();
  const contract = await Contract.findOne({ ...(await customerRecordScopeFilter(actor)), number: wanted });
  if (!contract) throw new NotFound(`contract ${wanted}`);
  return contract;
}
