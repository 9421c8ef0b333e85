import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { transferFailureNotice } from '../../../src/crm/contacts/transfer-failure-notice.js';
import { Customer } from '../../../src/crm/models/customer.js';
import { Staff } from '../../../src/crm/models/staff.js';
import { useTestDatabase } from '../../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
const tenantId = new Types.ObjectId();
let ownerId: Types.ObjectId;
let leftId: Types.ObjectId;

beforeAll(async () => {
  db = await useTestDatabase();
  ownerId = (await Staff.create({ tenantId, userId: 'owner', name: 'Owner', active: true }))._id;
  leftId = (await Staff.create({ tenantId, userId: 'left', name: 'Left', active: false }))._id;
});
afterAll(async () => {
  await db.drop();
});

async function customer(name: string, owner: Types.ObjectId, deletedAt: Date | null = null) {
  const c = await Customer.create({ tenantId, code: `C-${name}`, name, stage: 'lead', ownerId: owner, searchText: name, deletedAt });
  return c._id;
}
const contact = (customerId: Types.ObjectId | null) => ({ customerId, name: '微信名', externalUserId: 'wmX' });

describe('transferFailureNotice', () => {
  test("the live customer's active owner, under the customer's name", async () => {
    expect(await transferFailureNotice(tenantId, contact(await customer('客户甲', ownerId)), 'takeover')).toEqual({
      recipientUserId: 'owner',
      customerName: '客户甲',
    });
  });

  test('an inactive owner: the takeover member is told', async () => {
    expect(await transferFailureNotice(tenantId, contact(await customer('客户乙', leftId)), 'takeover')).toEqual({
      recipientUserId: 'takeover',
      customerName: '客户乙',
    });
  });

  test('unbound, or bound to a soft-deleted customer: the takeover member, under the contact name', async () => {
    expect(await transferFailureNotice(tenantId, contact(null), 'takeover')).toEqual({ recipientUserId: 'takeover', customerName: '微信名' });
    const deleted = await customer('已删除', ownerId, new Date());
    expect(await transferFailureNotice(tenantId, contact(deleted), 'takeover')).toEqual({ recipientUserId: 'takeover', customerName: '微信名' });
    expect(await transferFailureNotice(tenantId, { ...contact(null), name: '' }, 'takeover')).toEqual({ recipientUserId: 'takeover', customerName: 'wmX' });
  });
});
