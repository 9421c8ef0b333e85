import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { churnExamples, loadTenantCustomers, winExamples, type Examples } from '../../src/crm/predictions/build-examples.js';
import { loadTenantHistory } from '../../src/crm/predictions/customer-history.js';
import { auc, scoreWith } from '../../src/crm/predictions/logistic-model.js';
import { openTicketsByCustomer } from '../../src/crm/predictions/open-tickets.js';
import { fitOrPrior } from '../../src/crm/predictions/train-tenant-models.js';
import { PredictionModel } from '../../src/crm/models/prediction-model.js';
import { Prediction } from '../../src/crm/models/prediction.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { generateAnalyticsTenant } from '../../scripts/support/analytics-data.js';
import { seededRandom } from '../../scripts/support/bench-data.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { useTestDatabase } from '../support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let app: TestApp;

beforeAll(async () => {
  db = await useTestDatabase();
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function tenantOf(token: string): Promise<{ tenantId: Types.ObjectId; staffId: string }> {
  const me = (await app.request('GET', '/api/me', { token })).body;
  return { tenantId: new Types.ObjectId(String(me.tenant.id)), staffId: me.staff.id };
}

const split = (e: Examples, test: (i: number) => boolean) => {
  const pick = (keep: boolean): Examples => {
    const idx = e.ids.map((_, i) => i).filter((i) => test(i) === keep);
    return { ids: idx.map((i) => e.ids[i]!), rows: idx.map((i) => e.rows[i]!), labels: idx.map((i) => e.labels[i]!) };
  };
  return { train: pick(false), held: pick(true) };
};

test('with little history the documented prior scores a customer, with reasons in words', async () => {
  const token = await app.login('pr-solo', 'sales', ['east'], 'prior-co');
  const { tenantId } = await tenantOf(token);
  const created = await app.request('POST', '/api/customers', { token, body: { name: '新客户' } });
  const id = created.body.id as string;
  const before = await app.request('GET', `/api/predictions/customers/${id}`, { token });
  expect(before.status).toBe(200);
  expect(before.body.churn).toMatchObject({ customerId: id, modelVersion: 'churn-prior', prior: true });
  expect(before.body.churn.probability).toBeGreaterThan(0);
  expect(before.body.churn.probability).toBeLessThan(1);
  for (const r of before.body.churn.reasons) expect(r.text).toMatch(/[\u4e00-\u9fff]/);
  // Retraining on too small a history stores the prior as version 1, and scores name it.
  const admin = await app.login('pr-root', 'admin', [], 'prior-co');
  const retrained = await app.request('POST', '/api/predictions/retrain', { token: admin });
  expect(retrained.status).toBe(200);
  expect(retrained.body.churn).toMatchObject({ version: 'churn-v1', prior: true });
  expect(retrained.body.win).toMatchObject({ version: 'win-v1', prior: true });
  const after = (await app.request('GET', `/api/predictions/customers/${id}`, { token })).body.churn;
  expect(after.modelVersion).toBe('churn-v1');
  expect(await Prediction.countDocuments({ tenantId, kind: 'churn', subjectId: id, modelVersion: 'churn-v1' })).toBe(1);
  // Another tenant's customer is not found.
  const stranger = await app.login('pr-other', 'admin', [], 'other-co');
  expect((await app.request('GET', `/api/predictions/customers/${id}`, { token: stranger })).status).toBe(404);
});

test('a silent customer gets "N 天未联系" as a reason that raises the risk', async () => {
  const token = await app.login('pr-quiet', 'sales', ['east'], 'quiet-co');
  const id = (await app.request('POST', '/api/customers', { token, body: { name: '沉默客户' } })).body.id as string;
  const { Customer } = await import('../../src/crm/models/customer.js');
  await Customer.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
  const churn = (await app.request('GET', `/api/predictions/customers/${id}`, { token })).body.churn;
  expect(churn.reasons).toContainEqual({ text: '40 天未联系', effect: 'up' });
  expect(churn.reasons).toContainEqual({ text: '近 90 天跟进 0 次', effect: 'up' });
});

test('the models learn a planted rule: AUC on a held-out split above 0.75; retraining records a new version', async () => {
  const admin = await app.login('pr-admin', 'admin', [], 'learn-co');
  const { tenantId, staffId } = await tenantOf(admin);
  const now = new Date();
  await generateAnalyticsTenant({ tenantId, ownerIds: [new Types.ObjectId(staffId)], customers: 600, activities: 6000, deals: 600, now, rand: seededRandom(11) });
  const history = await loadTenantHistory(tenantId);
  const subjects = { customers: await loadTenantCustomers(tenantId), openTickets: await openTicketsByCustomer(tenantId) };
  const held = (i: number) => i % 4 === 0;
  for (const [kind, examples] of [
    ['churn', churnExamples(history, subjects, now)],
    ['win', await winExamples(tenantId, history, subjects)],
  ] as const) {
    const { train, held: test } = split(examples, held);
    expect(train.labels.length, kind).toBeGreaterThan(100);
    const { model, prior } = fitOrPrior(kind, train);
    expect(prior).toBe(false);
    const value = auc(test.rows.map((x) => scoreWith(model, x).probability), test.labels);
    expect(value, `${kind} AUC`).toBeGreaterThan(0.75);
  }
  const first = (await app.request('POST', '/api/predictions/retrain', { token: admin })).body;
  const second = (await app.request('POST', '/api/predictions/retrain', { token: admin })).body;
  expect(first.churn).toMatchObject({ version: 'churn-v1', prior: false });
  expect(second.churn.version).toBe('churn-v2');
  expect(second.win).toMatchObject({ version: 'win-v2', prior: false });
  expect(await PredictionModel.countDocuments({ tenantId, kind: 'win' })).toBe(2);
  const deals = await app.request('GET', '/api/predictions/deals?limit=5', { token: admin });
  expect(deals.status).toBe(200);
  expect(deals.body.items).toHaveLength(5);
  for (const d of deals.body.items) {
    expect(d.modelVersion).toBe('win-v2');
    expect(d.reasons.length).toBeGreaterThan(0);
  }
  expect(deals.body.items[0].probability).toBeGreaterThanOrEqual(deals.body.items[4].probability);
  // A salesperson of the tenant who owns nothing sees no deal.
  const rep = await app.login('pr-rep', 'sales', ['x'], 'learn-co');
  expect((await app.request('GET', '/api/predictions/deals', { token: rep })).body.items).toEqual([]);
  expect((await app.request('GET', '/api/predictions/deals?limit=0', { token: admin })).status).toBe(400);
  expect(await Tenant.countDocuments({})).toBeGreaterThan(0);
});
