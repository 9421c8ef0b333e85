import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { Contract, type ContractDoc } from '../models/contract.js';
import { customerRecordScopeFilter } from '../resolve-data-scope.js';

/** A contract the actor may see (through its customer, or as its owner); anything else is "not found". */
export async function findContractInScope(actor: Actor, contractId: string | Types.ObjectId): Promise<ContractDoc> {
  if (typeof contractId === 'string' && !Types.ObjectId.isValid(contractId)) throw new NotFound('contract');
  const contract = await Contract.findOne({ ...(await customerRecordScopeFilter(actor)), _id: new Types.ObjectId(String(contractId)) });
  if (!contract) throw new NotFound('contract');
  return contract;
}
