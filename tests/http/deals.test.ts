import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Contract } from '../../src/crm/models/contract.js';
import { Deal } from '../../src/crm/models/deal.js';
import { Product } from '../../src/crm/models/product.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

type Who = 'alice' | 'bob' | 'carol' | 'walt' | 'root';
const people: Record<Who, { role: 'sales' | 'manager' | 'admin'; departments: string[] }> = {
  alice: { role: 'sales', departments: ['east'] },
  bob: { role: 'sales', departments: ['west'] },
  carol: { role: 'manager', departments: ['east'] },
  walt: { role: 'manager', departments: ['west'] },
  root: { role: 'admin', departments: [] },
};

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;
const token = {} as Record<Who, string>;
const staffId = {} as Record<Who, string>;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
  for (const [who, p] of Object.entries(people) as [Who, (typeof people)[Who]][]) {
    token[who] = await app.login(who, p.role, p.departments);
    staffId[who] = (await app.request('GET', '/api/me', { token: token[who] })).body.staff.id;
  }
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const req = (who: Who, method: string, path: string, body?: unknown) => app.request(method, path, { token: token[who], body });
const errorPaths = (body: { error: { details?: { path: string }[] } }) => (body.error.details ?? []).map((d) => d.path);

async function customerOf(owner: Who, name: string): Promise<string> {
  const res = await req('root', 'POST', '/api/customers', { name, ownerId: staffId[owner] });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('the life of a deal: deal → quote → contract → approval → installments → payments', () => {
  test('every figure matches the hand-computed one', async () => {
    // Products (admins maintain the catalogue; SKUs unique per tenant, case-insensitively).
    const crm = await req('root', 'POST', '/api/products', { name: 'CRM 标准版', sku: 'CRM-STD', unit: '套', listPrice: 1_999_900 });
    expect(crm.status).toBe(201);
    expect(crm.body).toMatchObject({ currency: 'CNY', listPrice: 1_999_900, active: true });
    const day = await req('root', 'POST', '/api/products', { name: '实施服务', sku: 'SVC-DAY', unit: '人天', listPrice: 300_000 });
    expect(day.status).toBe(201);
    expect((await req('root', 'POST', '/api/products', { name: 'dup', sku: 'crm-std', unit: '套', listPrice: 1 })).status).toBe(409);
    expect((await req('alice', 'POST', '/api/products', { name: 'x', sku: 'X-1', unit: '个', listPrice: 1 })).status).toBe(403);
    expect((await req('alice', 'GET', '/api/products')).body.items).toHaveLength(2);

    // Deal: first stage and its default probability; the override survives a stage move, not a close.
    const customerId = await customerOf('alice', '杭州云栖科技');
    const created = await req('alice', 'POST', '/api/deals', { customerId, title: 'CRM 全员上线', amount: 12_000_000, expectedCloseDate: '2027-03-31', competitors: ['纷享销客'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stage: 'initial', probability: 10, weightedAmount: 1_200_000, currency: 'CNY', version: 0, owner: { name: 'alice' } });
    const dealId = created.body.id;
    const moved = await req('alice', 'PATCH', `/api/deals/${dealId}`, { version: 0, stage: '方案报价' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'proposal', probability: 50, version: 1 });
    const stale = await req('alice', 'PATCH', `/api/deals/${dealId}`, { version: 0, title: 'lost update' });
    expect(stale.status).toBe(409);
    expect((await Deal.findById(dealId).lean())!.title).toBe('CRM 全员上线');
    const overridden = await req('alice', 'PATCH', `/api/deals/${dealId}`, { version: 1, probability: 65 });
    expect(overridden.body).toMatchObject({ probability: 65, probabilityOverridden: true });
    const negotiating = await req('alice', 'PATCH', `/api/deals/${dealId}`, { version: 2, stage: 'negotiation' });
    expect(negotiating.body).toMatchObject({ stage: 'negotiation', probability: 65, version: 3 });

    // Quote priced on the server.
    // line 1: 5 × 19,999.00 = 99,995.00, 12.5 % off = 12,499.375 → 12,499.38 (half up) → 87,495.62
    // line 2: 10 × 2,800.00 = 28,000.00, no discount
    // line 3: 1 × 12,345.67, 33.33 % off = 4,114.811811 → 4,114.81 → 8,230.86
    // subtotal 140,340.67, discount 16,614.19, total 123,726.48
    const quoted = await req('alice', 'POST', `/api/deals/${dealId}/quotes`, {
      validUntil: '2099-12-31',
      status: 'sent',
      lines: [
        { productId: crm.body.id, quantity: 5, discountPercent: 12.5 },
        { productId: day.body.id, quantity: 10, unitPrice: 280_000 },
        { name: '实施差旅', quantity: 1, unitPrice: 1_234_567, discountPercent: 33.33 },
      ],
    });
    expect(quoted.status).toBe(201);
    expect(quoted.body.lines.map((l: { total: number }) => l.total)).toEqual([8_749_562, 2_800_000, 823_086]);
    expect(quoted.body).toMatchObject({ revision: 1, subtotal: 14_034_067, discountTotal: 1_661_419, total: 12_372_648, status: 'sent', warnings: [] });

    // The latest valid quote is visible to whoever sees the customer; a colleague quoting below it is warned.
    expect((await req('carol', 'GET', `/api/customers/${customerId}/latest-quote`)).body.quote).toMatchObject({ id: quoted.body.id, total: 12_372_648 });
    expect((await req('bob', 'GET', `/api/customers/${customerId}/latest-quote`)).status).toBe(404);
    const undercut = await req('carol', 'POST', `/api/deals/${dealId}/quotes`, {
      validUntil: '2099-12-31',
      lines: [{ name: '打包价', quantity: 1, unitPrice: 10_000_000 }],
    });
    expect(undercut.status).toBe(201);
    expect(undercut.body.revision).toBe(2);
    expect(undercut.body.warnings).toMatchObject([{ code: 'undercuts_valid_quote', quoteId: quoted.body.id, total: 12_372_648 }]);
    expect((await req('alice', 'POST', `/api/quotes/${quoted.body.id}/status`, { status: 'accepted' })).body.status).toBe('accepted');
    const backwards = await req('alice', 'POST', `/api/quotes/${quoted.body.id}/status`, { status: 'sent' });
    expect(backwards.status).toBe(409);
    expect(backwards.body.error.message).toMatch(/^status:/);

    // Won: probability 100 whatever the override.
    const won = await req('alice', 'PATCH', `/api/deals/${dealId}`, { version: 3, stage: '赢单', amount: 12_372_648 });
    expect(won.body).toMatchObject({ stage: 'won', probability: 100, weightedAmount: 12_372_648 });
    expect(won.body.closedAt).not.toBeNull();

    // Contract: numbered, above the ¥100,000 threshold → needs approval.
    const contract = await req('alice', 'POST', '/api/contracts', {
      customerId,
      dealId,
      title: 'CRM 全员上线合同',
      amount: 12_372_648,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    });
    expect(contract.status).toBe(201);
    expect(contract.body.number).toMatch(/^HT-\d{4}-\d{4}$/);
    expect(contract.body).toMatchObject({ status: 'draft', approval: { required: true }, balance: { outstanding: 12_372_648, paid: 0 } });
    const cid = contract.body.id;
    const signDirectly = await req('alice', 'POST', `/api/contracts/${cid}/status`, { status: 'signed' });
    expect(signDirectly.status).toBe(409);
    expect((await req('alice', 'POST', `/api/contracts/${cid}/status`, { status: 'pending_approval' })).body.status).toBe('pending_approval');
    expect((await req('alice', 'POST', `/api/contracts/${cid}/approval`, { decision: 'approve' })).status).toBe(403);
    expect((await req('walt', 'POST', `/api/contracts/${cid}/approval`, { decision: 'approve' })).status).toBe(404);
    const approved = await req('carol', 'POST', `/api/contracts/${cid}/approval`, { decision: 'approve', comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'signed', approval: { decision: 'approved', decidedBy: staffId.carol } });
    expect(approved.body.signedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // A manager's own contract above the threshold: they cannot approve it themselves.
    const own = await req('carol', 'POST', '/api/contracts', { customerId, title: '经理自己的', amount: 20_000_000 });
    await req('carol', 'POST', `/api/contracts/${own.body.id}/status`, { status: 'pending_approval' });
    const auditsBefore = await AuditLog.countDocuments({ entityId: own.body.id });
    const selfApproval = await req('carol', 'POST', `/api/contracts/${own.body.id}/approval`, { decision: 'approve' });
    expect(selfApproval.status).toBe(409);
    expect(selfApproval.body.error.message).toMatch(/^approval: .*own contract/);
    expect(errorPaths(selfApproval.body)).toEqual(['approval']);
    expect((await Contract.findById(own.body.id).lean())!.status).toBe('pending_approval');
    expect(await AuditLog.countDocuments({ entityId: own.body.id })).toBe(auditsBefore);

    // Payment plan: 30 % overdue since 2020, the rest in the future; the plan cannot exceed the amount.
    const plan = [
      { dueDate: '2020-01-15', amount: 3_711_794 },
      { dueDate: '2099-06-30', amount: 4_949_060 },
      { dueDate: '2099-12-31', amount: 3_711_794 },
    ];
    for (const i of plan) expect((await req('alice', 'POST', `/api/contracts/${cid}/installments`, i)).status).toBe(201);
    const tooMuch = await req('alice', 'POST', `/api/contracts/${cid}/installments`, { dueDate: '2099-12-31', amount: 1 });
    expect(tooMuch.status).toBe(400);
    expect(errorPaths(tooMuch.body)).toEqual(['amount']);

    const paid1 = await req('alice', 'POST', `/api/contracts/${cid}/payments`, { receivedDate: '2020-02-01', amount: 2_000_000, method: '银行转账' });
    expect(paid1.status).toBe(201);
    expect(paid1.body.balance).toMatchObject({ amount: 12_372_648, paid: 2_000_000, outstanding: 10_372_648, planned: 12_372_648, overdue: 1_711_794 });
    expect(paid1.body.balance.installments.map((i: { status: string; paid: number }) => [i.status, i.paid])).toEqual([
      ['overdue', 2_000_000],
      ['due', 0],
      ['due', 0],
    ]);

    const above = await req('alice', 'POST', `/api/contracts/${cid}/payments`, { receivedDate: '2020-02-02', amount: 10_372_649 });
    expect(above.status).toBe(400);
    expect(errorPaths(above.body)).toEqual(['amount']);
    expect((await Contract.findById(cid).lean())!.payments).toHaveLength(1);

    const paid2 = await req('alice', 'POST', `/api/contracts/${cid}/payments`, { receivedDate: '2020-03-01', amount: 1_711_794 });
    expect(paid2.body.balance).toMatchObject({ paid: 3_711_794, outstanding: 8_660_854, overdue: 0 });
    expect(paid2.body.balance.installments[0].status).toBe('paid');

    expect((await req('alice', 'POST', `/api/contracts/${cid}/status`, { status: 'executing' })).body.status).toBe('executing');
    const rest = await req('alice', 'POST', `/api/contracts/${cid}/payments`, { receivedDate: '2020-04-01', amount: 8_660_854 });
    expect(rest.body.balance).toMatchObject({ paid: 12_372_648, outstanding: 0, overdue: 0 });
    expect((await req('alice', 'POST', `/api/contracts/${cid}/status`, { status: 'completed' })).body.status).toBe('completed');
    const reopen = await req('alice', 'POST', `/api/contracts/${cid}/status`, { status: 'executing' });
    expect(reopen.status).toBe(409);

    // Everything above left an audit trail.
    const actions = (await AuditLog.find({ entityId: cid }).lean()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['contract.create', 'contract.status', 'contract.approve', 'contract.installment.add', 'contract.payment.add']));
    expect(await AuditLog.countDocuments({ entityId: dealId, action: 'deal.update' })).toBe(4);

    // A customer with contracts cannot be deleted.
    const refusedDelete = await req('alice', 'DELETE', `/api/customers/${customerId}`);
    expect(refusedDelete.status).toBe(409);
    expect(refusedDelete.body.error.message).toMatch(/contract\(s\).*cannot be deleted/);
    expect((await req('alice', 'GET', `/api/customers/${customerId}`)).status).toBe(200);
  });

  test('bad input is a 400 naming the field and writes nothing', async () => {
    const customerId = await customerOf('alice', '校验客户');
    const contracts = await Contract.countDocuments();
    const deals = await Deal.countDocuments();
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/contracts', { customerId, title: 't', amount: 1.5 }, 'amount'],
      ['POST', '/api/contracts', { customerId, title: 't', amount: -100 }, 'amount'],
      ['POST', '/api/contracts', { customerId, title: 't', amount: 100, currency: 'XYZ' }, 'currency'],
      ['POST', '/api/contracts', { customerId, title: 't', amount: 100, startDate: '2027-05-01', endDate: '2027-04-30' }, 'endDate'],
      ['POST', '/api/contracts', { customerId, title: 't', amount: 100, startDate: '2027-02-30' }, 'startDate'],
      ['POST', '/api/deals', { customerId, title: 't', amount: 99.99 }, 'amount'],
      ['POST', '/api/deals', { customerId, title: 't', currency: 'RMB' }, 'currency'],
      ['POST', '/api/deals', { customerId, title: 't', stage: 'lost' }, 'lostReason'],
      ['POST', '/api/deals', { customerId, title: 't', stage: '不存在' }, 'stage'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await req('alice', method, path, body);
      expect([res.status, errorPaths(res.body)], JSON.stringify(body)).toEqual([400, [field]]);
    }
    expect(await Contract.countDocuments()).toBe(contracts);
    expect(await Deal.countDocuments()).toBe(deals);

    const usd = await req('alice', 'POST', '/api/deals', { customerId, title: '美元单', amount: 500_000, currency: 'usd' });
    expect(usd.body).toMatchObject({ currency: 'USD', amount: 500_000 });
    const lost = await req('alice', 'PATCH', `/api/deals/${usd.body.id}`, { version: 0, stage: '输单' });
    expect([lost.status, errorPaths(lost.body)]).toEqual([400, ['lostReason']]);
    const lostOk = await req('alice', 'PATCH', `/api/deals/${usd.body.id}`, { version: 0, stage: '输单', lostReason: '预算取消' });
    expect(lostOk.body).toMatchObject({ stage: 'lost', probability: 0, lostReason: '预算取消' });
    expect(await Product.countDocuments({ sku: 'CRM-STD' })).toBeLessThanOrEqual(1);
  });
});

describe('scope: sales see their customers’ deals and contracts, managers their departments, admins everything', () => {
  test('matrix', async () => {
    const east = await customerOf('alice', '东区商机客户');
    const west = await customerOf('bob', '西区商机客户');
    const dEast = (await req('root', 'POST', '/api/deals', { customerId: east, title: '东区商机', ownerId: staffId.alice })).body.id;
    const dWest = (await req('root', 'POST', '/api/deals', { customerId: west, title: '西区商机', ownerId: staffId.bob })).body.id;
    const cEast = (await req('root', 'POST', '/api/contracts', { customerId: east, title: '东区合同', amount: 100, ownerId: staffId.alice })).body.id;
    const cWest = (await req('root', 'POST', '/api/contracts', { customerId: west, title: '西区合同', amount: 100, ownerId: staffId.bob })).body.id;

    const sees: Record<Who, [boolean, boolean]> = {
      alice: [true, false],
      bob: [false, true],
      carol: [true, false],
      walt: [false, true],
      root: [true, true],
    };
    for (const [who, [seesEast, seesWest]] of Object.entries(sees) as [Who, [boolean, boolean]][]) {
      const status = async (path: string) => (await req(who, 'GET', path)).status;
      expect([who, await status(`/api/deals/${dEast}`), await status(`/api/contracts/${cEast}`)]).toEqual([who, ...(seesEast ? [200, 200] : [404, 404])]);
      expect([who, await status(`/api/deals/${dWest}`), await status(`/api/contracts/${cWest}`)]).toEqual([who, ...(seesWest ? [200, 200] : [404, 404])]);
      const dealIds = (await req(who, 'GET', `/api/deals?limit=100`)).body.items.map((d: { id: string }) => d.id);
      expect(dealIds.includes(dEast)).toBe(seesEast);
      expect(dealIds.includes(dWest)).toBe(seesWest);
      const contractIds = (await req(who, 'GET', `/api/contracts?limit=100`)).body.items.map((c: { id: string }) => c.id);
      expect(contractIds.includes(cEast)).toBe(seesEast);
      expect(contractIds.includes(cWest)).toBe(seesWest);
    }

    // Nobody writes outside their scope, and nothing is written when refused.
    const before = await AuditLog.countDocuments();
    expect((await req('bob', 'POST', '/api/deals', { customerId: east, title: 'x' })).status).toBe(404);
    expect((await req('walt', 'PATCH', `/api/deals/${dEast}`, { version: 0, title: 'x' })).status).toBe(404);
    expect((await req('bob', 'POST', `/api/contracts/${cEast}/status`, { status: 'signed' })).status).toBe(404);
    expect((await req('walt', 'POST', '/api/contracts', { customerId: east, title: 'x', amount: 1 })).status).toBe(404);
    expect((await req('alice', 'POST', '/api/deals', { customerId: east, title: 'x', ownerId: staffId.bob })).status).toBe(403);
    expect(await AuditLog.countDocuments()).toBe(before);

    // Filters and paging.
    const page1 = await req('root', 'GET', `/api/deals?customerId=${east}&limit=1`);
    expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual([dEast]);
    expect((await req('root', 'GET', `/api/contracts?customerId=${west}&status=draft`)).body.items.map((c: { id: string }) => c.id)).toEqual([cWest]);
    expect((await req('root', 'GET', `/api/deals?status=open&ownerId=${staffId.bob}`)).body.items.map((d: { id: string }) => d.id)).toEqual([dWest]);
  });
});

describe('contract numbers', () => {
  test('20 parallel creations get unique, gap-free numbers', async () => {
    const admin = await app.login('numbers-admin', 'admin', [], 'numbers-co');
    const customer = await app.request('POST', '/api/customers', { token: admin, body: { name: '编号客户' } });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.request('POST', '/api/contracts', { token: admin, body: { customerId: customer.body.id, title: `并发 ${i}`, amount: 100 } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.body.number as string).sort();
    const year = numbers[0]!.slice(3, 7);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `HT-${year}-${String(i + 1).padStart(4, '0')}`));
  });
});

describe('tenant sales settings', () => {
  test('custom stages, approval threshold and number format apply to new deals and contracts', async () => {
    const admin = await app.login('settings-admin', 'admin', [], 'settings-co');
    const sales = await app.login('settings-sales', 'sales', ['s'], 'settings-co');
    const put = (token: string, body: unknown) => app.request('PUT', '/api/sales-settings', { token, body });
    expect((await put(sales, { contractApprovalThreshold: 0 })).status).toBe(403);
    const bad = await put(admin, { contractNumberFormat: 'HT-{yyyy}' });
    expect([bad.status, errorPaths(bad.body)]).toEqual([400, ['contractNumberFormat']]);
    const saved = await put(admin, {
      contractNumberFormat: 'SC{yy}{mm}-{seq:3}',
      contractApprovalThreshold: 50_000,
      dealStages: [
        { key: 'lead', name: '线索', probability: 5 },
        { key: 'demo', name: '演示', probability: 40 },
        { key: 'won', name: '签约', probability: 100, closed: true, won: true },
        { key: 'lost', name: '丢单', probability: 0, closed: true },
      ],
    });
    expect(saved.status).toBe(200);
    expect(await AuditLog.countDocuments({ action: 'sales_settings.update' })).toBe(1);

    const customer = (await app.request('POST', '/api/customers', { token: sales, body: { name: '设置客户' } })).body.id;
    const deal = await app.request('POST', '/api/deals', { token: sales, body: { customerId: customer, title: 'x', stage: '演示' } });
    expect(deal.body).toMatchObject({ stage: 'demo', probability: 40 });
    const contract = await app.request('POST', '/api/contracts', { token: sales, body: { customerId: customer, title: 'y', amount: 50_001 } });
    expect(contract.body.number).toMatch(/^SC\d{4}-001$/);
    expect(contract.body.approval.required).toBe(true);
    const small = await app.request('POST', '/api/contracts', { token: sales, body: { customerId: customer, title: 'z', amount: 50_000 } });
    expect(small.body.number).toMatch(/^SC\d{4}-002$/);
    const signed = await app.request('POST', `/api/contracts/${small.body.id}/status`, { token: sales, body: { status: 'signed' } });
    expect(signed.body).toMatchObject({ status: 'signed', approval: { required: false } });
  });
});

describe('payments race', () => {
  test('five parallel payments of the whole outstanding: exactly one lands', async () => {
    const customerId = await customerOf('alice', '并发回款客户');
    const contract = await req('alice', 'POST', '/api/contracts', { customerId, title: '并发回款', amount: 1_000_000 });
    await req('alice', 'POST', `/api/contracts/${contract.body.id}/status`, { status: 'signed' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => req('alice', 'POST', `/api/contracts/${contract.body.id}/payments`, { receivedDate: '2020-01-01', amount: 1_000_000 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => [201, 400, 409].includes(r.status))).toBe(true);
    const stored = await Contract.findById(contract.body.id).lean();
    expect(stored!.payments.map((p) => p.amount)).toEqual([1_000_000]);

    // A mistaken payment is removed by a manager, not by the salesperson; the audit log keeps it.
    const paymentId = String(stored!.payments[0]!._id);
    expect((await req('alice', 'DELETE', `/api/contracts/${contract.body.id}/payments/${paymentId}`)).status).toBe(403);
    const removed = await req('carol', 'DELETE', `/api/contracts/${contract.body.id}/payments/${paymentId}`);
    expect(removed.body.balance).toMatchObject({ paid: 0, outstanding: 1_000_000 });
    expect(await AuditLog.countDocuments({ entityId: contract.body.id, action: 'contract.payment.remove' })).toBe(1);
  });

  test('two patches from the same deal version: one wins, the other is a 409', async () => {
    const customerId = await customerOf('alice', '并发商机客户');
    const deal = await req('alice', 'POST', '/api/deals', { customerId, title: '并发', amount: 100 });
    const [a, b] = await Promise.all([
      req('alice', 'PATCH', `/api/deals/${deal.body.id}`, { version: 0, amount: 200 }),
      req('carol', 'PATCH', `/api/deals/${deal.body.id}`, { version: 0, amount: 300 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 200 : 300;
    expect((await Deal.findById(deal.body.id).lean())).toMatchObject({ amount: winner, version: 1 });
  });
});
