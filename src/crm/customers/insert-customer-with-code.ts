import type { Types } from 'mongoose';
import { Conflict } from '../../errors.js';
import { nextSequence } from '../models/counter.js';
import { Customer, type CustomerDoc, type CustomerRecord } from '../models/customer.js';
import { tenantNumberFormatter } from '../settings/tenant-number-formatter.js';
import { buildSearchText } from './search-text.js';

type NewCustomer = Omit<Partial<CustomerRecord>, 'code' | 'searchText'> & {
  _id?: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
};

function isDuplicateCode(error: unknown): boolean {
  const e = error as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  return e?.code === 11000 && (e.keyPattern ? 'code' in e.keyPattern : /tenantId_1_code_1/.test(e.message ?? ''));
}

/**
 * Inserts a customer under the next number of the tenant's sequence, in the tenant's format
 * (settings: numbering.customers, default C{seq:5}). On MongoDB the counter is
 * atomic; the embedded server's findOneAndUpdate is not under contention (two callers can read the
 * same number), so the unique (tenantId, code) index has the last word and a taken code is retried
 * with the next number.
 */
export async function insertCustomerWithCode(fields: NewCustomer): Promise<CustomerDoc> {
  const formatCode = await tenantNumberFormatter(fields.tenantId, 'customers');
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = formatCode(await nextSequence(`${fields.tenantId}:customer`));
    try {
      return await Customer.create({ ...fields, code, searchText: buildSearchText({ name: fields.name, company: fields.company, code }) });
    } catch (error) {
      if (!isDuplicateCode(error)) throw error;
    }
  }
  throw new Conflict('could not assign a customer number, try again');
}
