import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/crm/actor.js';
import { systemActor } from '../../src/crm/actor.js';
import { addInstallment } from '../../src/crm/contracts/add-installment.js';
import { changeContractStatus } from '../../src/crm/contracts/change-contract-status.js';
import { createContract } from '../../src/crm/contracts/create-contract.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Contract } from '../../src/crm/models/contract.js';
import { Deal } from '../../src/crm/models/deal.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { upsertStaff } from '../../src/crm/staff/upsert-staff.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';

const ZONE = 'Asia/Shanghai';
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let wang: StaffDoc;
let li: StaffDoc;
let customerCode: string;
let contractNumber: string;
let seq = 0;

const text = (b: MessageBody) => (b.type === 'text' ? b.text : b.type === 'markdown' ? b.markdown : b.card.title);
async function run(staff: StaffDoc, line: string) {
  const outcome = await runCommandForStaff(
    { tenantId, platform: 'wecom', staff, platformUserId: staff.userId, text: line, eventKey: `deal-cmd:${++seq}`, receivedAt: new Date() },
    { logger: createLogger('silent'), defaultTimeZone: ZONE, renderers: renderersUnderTest() },
  );
  return { status: outcome.status, text: text(outcome.reply) };
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: `t-${new Types.ObjectId().toHexString()}`, name: '测试公司', timezone: ZONE }))._id;
  const sys = systemActor(tenantId, 'import');
  wang = await upsertStaff(sys, tenantId, { userId: 'wang', name: '王销售', role: 'sales', departments: ['east'] });
  li = await upsertStaff(sys, tenantId, { userId: 'li', name: '李销售', role: 'sales', departments: ['west'] });
  const asWang: Actor = { tenantId, staffId: wang._id, role: 'sales', departments: ['east'], source: 'import', name: wang.name };
  const customer = await createCustomer(asWang, { name: '张三' });
  customerCode = customer.code;
  const { contract } = await createContract(asWang, { customerId: String(customer._id), title: '年度服务', amount: 5_000_000 });
  await changeContractStatus(asWang, contract._id, { status: 'signed' });
  await addInstallment(asWang, contract._id, { dueDate: '2020-01-01', amount: 2_000_000 });
  await addInstallment(asWang, contract._id, { dueDate: '2099-01-01', amount: 3_000_000 });
  contractNumber = contract.number;
});
afterAll(async () => {
  await db.drop();
});

describe('/商机 /合同 /回款', () => {
  test('/商机 creates a deal from a chat amount and lists open deals', async () => {
    const created = await run(wang, `/商机 张三 8.5万 CRM 年度采购`);
    expect(created.status).toBe('ok');
    expect(created.text).toContain('¥85,000.00');
    expect(created.text).toContain('初步接洽（10%）');
    const deal = await Deal.findOne({ tenantId, title: 'CRM 年度采购' }).lean();
    expect(deal).toMatchObject({ amount: 8_500_000, currency: 'CNY', stage: 'initial' });
    expect((await AuditLog.findOne({ entityId: deal!._id }).lean())?.source).toBe('command');

    const listed = await run(wang, `/deal ${customerCode}`);
    expect(listed.text).toContain('CRM 年度采购 · 初步接洽 10% · ¥85,000.00');

    const bad = await run(wang, '/商机 张三 8万万 x');
    expect(bad.status).toBe('rejected');
    expect(bad.text).toContain('无法识别金额');
    expect(await Deal.countDocuments({ tenantId })).toBe(1);
    expect((await run(li, '/商机 张三 1万 偷看')).status).toBe('rejected');
  });

  test('/合同 shows outstanding and overdue; /回款 records a payment, never above outstanding', async () => {
    const shown = await run(wang, `/合同 ${contractNumber.toLowerCase()}`);
    expect(shown.status).toBe('ok');
    expect(shown.text).toContain('未回款 ¥50,000.00 · ⚠️逾期 ¥20,000.00');
    expect(shown.text).toContain('2020-01-01 ¥20,000.00 ⚠️逾期');

    // A staff member who chose English (/language) reads the contract in English.
    wang.set('language', 'en');
    const english = await run(wang, `/contract ${contractNumber}`);
    wang.set('language', undefined);
    expect(english.text).toContain('signed · amount ¥50,000.00 · outstanding ¥50,000.00 · ⚠️overdue ¥20,000.00');
    expect(english.text).toContain('Payment plan:');
    expect(english.text).toContain('2020-01-01 ¥20,000.00 ⚠️overdue');

    const paid = await run(wang, `/回款 ${contractNumber} 2.5w 首付`);
    expect(paid.status).toBe('ok');
    expect(paid.text).toContain('已登记回款 ¥25,000.00');
    expect(paid.text).toContain('未回款 ¥25,000.00');
    expect(paid.text).not.toContain('逾期');
    const stored = await Contract.findOne({ tenantId, number: contractNumber }).lean();
    expect(stored!.payments).toMatchObject([{ amount: 2_500_000, note: '首付' }]);

    const tooMuch = await run(wang, `/回款 ${contractNumber} 三万`);
    expect(tooMuch.status).toBe('rejected');
    expect(tooMuch.text).toContain('amount');
    expect((await Contract.findOne({ tenantId, number: contractNumber }).lean())!.payments).toHaveLength(1);

    expect((await run(li, `/合同 ${contractNumber}`)).status).toBe('rejected');
    const byCustomer = await run(wang, `/合同 张三`);
    expect(byCustomer.text).toContain(`${contractNumber} 年度服务 · 已签订`);
  });

  test('/审批: a manager of the department approves or rejects; nobody approves their own contract', async () => {
    const sys = systemActor(tenantId, 'import');
    const zhou = await upsertStaff(sys, tenantId, { userId: 'zhou', name: '周经理', role: 'manager', departments: ['east'] });
    const asWang: Actor = { tenantId, staffId: wang._id, role: 'sales', departments: ['east'], source: 'import', name: wang.name };
    const customer = await createCustomer(asWang, { name: '审批客户' });
    const big = async () => {
      const { contract } = await createContract(asWang, { customerId: String(customer._id), title: '大单', amount: 50_000_000 });
      await changeContractStatus(asWang, contract._id, { status: 'pending_approval' });
      return contract.number;
    };
    const first = await big();
    expect((await run(wang, `/审批 ${first} 通过`)).text).toContain('只有经理和管理员');
    const badWord = await run(zhou, `/审批 ${first} 也许`);
    expect([badWord.status, badWord.text]).toEqual(['rejected', expect.stringContaining('不是审批结果')]);
    const approved = await run(zhou, `/审批 ${first} 通过 同意签约`);
    expect(approved.status).toBe('ok');
    expect(approved.text).toContain(`✅ 已通过：${first} 大单 · ¥500,000.00`);
    expect(approved.text).toContain('状态：已签订');
    expect(await Contract.findOne({ tenantId, number: first }).lean()).toMatchObject({ status: 'signed', approval: { decision: 'approved', comment: '同意签约' } });

    const second = await big();
    expect((await run(zhou, `/approve ${second} reject`)).text).toContain('状态：草稿');
    expect((await Contract.findOne({ tenantId, number: second }).lean())!.status).toBe('draft');

    // The manager's own contract: refused, nothing changes.
    const asZhou: Actor = { tenantId, staffId: zhou._id, role: 'manager', departments: ['east'], source: 'import', name: zhou.name };
    const { contract: own } = await createContract(asZhou, { customerId: String(customer._id), title: '自己的', amount: 50_000_000 });
    await changeContractStatus(asZhou, own._id, { status: 'pending_approval' });
    const self = await run(zhou, `/审批 ${own.number} 通过`);
    expect(self.text).toContain('own contract');
    expect((await Contract.findById(own._id).lean())!.status).toBe('pending_approval');
  });
});
