import { Types } from 'mongoose';
import { getSalesSettings } from '../deals/sales-settings.js';
import { Deal } from '../models/deal.js';
import { Prediction } from '../models/prediction.js';
import { ACTIVE_DAYS, loadTenantCustomers } from './build-examples.js';
import { countBetween, loadTenantHistory } from './customer-history.js';
import { scoreWith } from './logistic-model.js';
import { openTicketsByCustomer } from './open-tickets.js';
import { customerFacts, dealFacts, describeFeature, featureVector, type FeatureKey, type ModelKind } from './prediction-features.js';
import { currentModel, type TrainedModel } from './train-tenant-models.js';

const DAY = 86_400_000;
const REASONS = 3;
const WRITE_BATCH = 1000;

export interface Reason {
  text: string;
  /** Whether it raises (up) or lowers (down) the probability. */
  effect: 'up' | 'down';
}

export interface Score {
  subjectId: string;
  customerId: string;
  probability: number;
  reasons: Reason[];
  modelVersion: string;
  prior: boolean;
}

/**
 * The features that pushed the score most, in words. Churn names what raises the risk first (the
 * reasons to act); win names the strongest pushes either way.
 */
export function reasonsFor(kind: ModelKind, model: TrainedModel, x: readonly number[], context: { amount?: number; currency?: string } = {}): Reason[] {
  const { contributions } = scoreWith(model, x);
  const ranked = contributions
    .map((c, j) => ({ c, j }))
    .filter((r) => Math.abs(r.c) > 0.05)
    .sort((a, b) => (kind === 'churn' ? b.c - a.c : Math.abs(b.c) - Math.abs(a.c)));
  return ranked.slice(0, REASONS).map(({ c, j }) => ({ text: describeFeature(model.features[j] as FeatureKey, x[j]!, context), effect: c > 0 ? 'up' : 'down' }));
}

async function store(tenantId: Types.ObjectId, kind: ModelKind, scores: (Score & { ownerId: Types.ObjectId })[], now: Date): Promise<void> {
  for (let i = 0; i < scores.length; i += WRITE_BATCH) {
    const ops = scores.slice(i, i + WRITE_BATCH).map((s) => ({
      updateOne: {
        filter: { tenantId, kind, subjectId: new Types.ObjectId(s.subjectId) },
        update: {
          $set: { customerId: new Types.ObjectId(s.customerId), ownerId: s.ownerId, probability: s.probability, reasons: s.reasons, modelVersion: s.modelVersion, prior: s.prior, at: now },
        },
        upsert: true,
      },
    }));
    await Prediction.bulkWrite(ops as Parameters<typeof Prediction.bulkWrite>[0], { ordered: false });
  }
}

const round3 = (p: number) => Math.round(p * 1000) / 1000;

/**
 * Churn risk of the tenant's active customers (business in the last 180 days), or of the listed
 * customers whatever their activity, with the current model; stored with the model version.
 */
export async function scoreCustomers(tenantId: Types.ObjectId, now: Date, customerIds?: Types.ObjectId[]): Promise<Score[]> {
  const [model, history, customers, tickets] = await Promise.all([
    currentModel(tenantId, 'churn'),
    loadTenantHistory(tenantId, customerIds),
    loadTenantCustomers(tenantId, customerIds),
    openTicketsByCustomer(tenantId, customerIds),
  ]);
  const t = now.getTime();
  const scores: (Score & { ownerId: Types.ObjectId })[] = [];
  for (const [id, c] of customers) {
    const h = history.customers.get(id);
    if (!customerIds && (!h || countBetween(h.engagements, t - ACTIVE_DAYS * DAY, t + 1) === 0)) continue;
    const x = featureVector('churn', customerFacts(h, c.createdAt, t, tickets.get(id) ?? 0));
    scores.push({
      subjectId: id,
      customerId: id,
      ownerId: c.ownerId,
      probability: round3(scoreWith(model, x).probability),
      reasons: reasonsFor('churn', model, x),
      modelVersion: model.label,
      prior: model.prior,
    });
  }
  await store(tenantId, 'churn', scores, now);
  return scores.map(({ ownerId: _owner, ...s }) => s);
}

/** Win probability of the tenant's open deals (or of the listed ones), stored with the model version. */
export async function scoreDeals(tenantId: Types.ObjectId, now: Date, dealIds?: Types.ObjectId[]): Promise<Score[]> {
  const closed = (await getSalesSettings(tenantId)).dealStages.filter((s) => s.closed).map((s) => s.key);
  const deals = await Deal.find(
    { tenantId, deletedAt: null, stage: { $nin: closed }, ...(dealIds ? { _id: { $in: dealIds } } : {}) },
    { customerId: 1, ownerId: 1, amount: 1, currency: 1, createdAt: 1 },
  ).lean<{ _id: Types.ObjectId; customerId: Types.ObjectId; ownerId: Types.ObjectId; amount: number; currency: string; createdAt?: Date }[]>();
  const customerIds = dealIds ? [...new Map(deals.map((d) => [String(d.customerId), d.customerId])).values()] : undefined;
  const [model, history, customers, tickets] = await Promise.all([
    currentModel(tenantId, 'win'),
    loadTenantHistory(tenantId, customerIds),
    loadTenantCustomers(tenantId, customerIds),
    openTicketsByCustomer(tenantId, customerIds),
  ]);
  const t = now.getTime();
  const scores: (Score & { ownerId: Types.ObjectId })[] = [];
  for (const d of deals) {
    const cid = String(d.customerId);
    const customer = customers.get(cid);
    if (!customer) continue;
    const id = String(d._id);
    const facts = customerFacts(history.customers.get(cid), customer.createdAt, t, tickets.get(cid) ?? 0);
    const x = featureVector('win', dealFacts({ id, amount: d.amount, currency: d.currency, createdAt: d.createdAt?.getTime() ?? t }, history.dealStageMoves.get(id), facts, t));
    scores.push({
      subjectId: id,
      customerId: cid,
      ownerId: d.ownerId,
      probability: round3(scoreWith(model, x).probability),
      reasons: reasonsFor('win', model, x, { amount: d.amount, currency: d.currency }),
      modelVersion: model.label,
      prior: model.prior,
    });
  }
  await store(tenantId, 'win', scores, now);
  return scores.map(({ ownerId: _owner, ...s }) => s);
}
