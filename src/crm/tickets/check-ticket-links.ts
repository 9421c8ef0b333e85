import { Types } from 'mongoose';
import { InvalidInput } from '../../errors.js';
import { Contract } from '../models/contract.js';
import { Product } from '../models/product.js';

/** A linked contract must be the customer's, a linked product the tenant's: otherwise a 400 naming the field. */
export async function checkTicketLinks(
  tenantId: Types.ObjectId,
  customerId: Types.ObjectId,
  links: { contractId?: string | null; productId?: string | null },
): Promise<void> {
  if (links.contractId && !(await Contract.exists({ tenantId, customerId, _id: new Types.ObjectId(links.contractId) }))) {
    throw new InvalidInput('contractId: no such contract of this customer', [{ path: 'contractId', message: 'no such contract of this customer' }]);
  }
  if (links.productId && !(await Product.exists({ tenantId, _id: new Types.ObjectId(links.productId) }))) {
    throw new InvalidInput('productId: no such product', [{ path: 'productId', message: 'no such product' }]);
  }
}
