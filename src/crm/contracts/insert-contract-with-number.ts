import { setTimeout as sleep } from 'node:timers/promises';
import { Conflict } from '../../errors.js';
import { Contract, type ContractDoc, type ContractRecord } from '../models/contract.js';
import { contractNumberScope, formatContractNumber } from './contract-number.js';

/** A contract's fields before it has a number (its payment plan and payments start empty). */
type NewContract = Omit<ContractRecord, 'number' | 'numberScope' | 'numberSeq' | 'installments' | 'payments' | 'createdAt' | 'updatedAt'>;

function isDuplicateNumber(error: unknown): boolean {
  const e = error as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  return e?.code === 11000 && (e.keyPattern ? 'number' in e.keyPattern : /tenantId_1_number_1/.test(e.message ?? ''));
}

/**
 * Inserts a contract under the next free number of its scope, with no gaps: the next number is the
 * highest one taken + 1 (no counter that could run ahead of the contracts really stored), and the
 * unique (tenantId, number) index has the last word — a caller who lost the race to the same number
 * reads the highest again and retries. Everything that could refuse the contract is checked before.
 */
export async function insertContractWithNumber(fields: NewContract, format: string, date: string): Promise<ContractDoc> {
  const numberScope = contractNumberScope(format, date);
  for (let attempt = 0; attempt < 60; attempt++) {
    const last = await Contract.findOne({ tenantId: fields.tenantId, numberScope }, { numberSeq: 1 }).sort({ numberSeq: -1 }).lean();
    const numberSeq = (last?.numberSeq ?? 0) + 1;
    try {
      return await Contract.create({ ...fields, number: formatContractNumber(format, date, numberSeq), numberScope, numberSeq });
    } catch (error) {
      if (!isDuplicateNumber(error)) throw error;
      // Spread the losers out so a crowd does not collide on every round.
      await sleep(Math.floor(Math.random() * 5 * Math.min(attempt + 1, 8)));
    }
  }
  throw new Conflict('could not assign a contract number, try again');
}
