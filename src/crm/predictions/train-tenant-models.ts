import type { Types } from 'mongoose';
import { PredictionModel } from '../models/prediction-model.js';
import { churnExamples, loadTenantCustomers, winExamples, type Examples } from './build-examples.js';
import { loadTenantHistory } from './customer-history.js';
import { fitLogistic, type LogisticModel } from './logistic-model.js';
import { openTicketsByCustomer } from './open-tickets.js';
import { FEATURES, type ModelKind } from './prediction-features.js';
import { MIN_EXAMPLES, PRIOR_MODELS } from './prior-models.js';

export interface TrainedModel extends LogisticModel {
  kind: ModelKind;
  version: number;
  /** churn-v3 */
  label: string;
  prior: boolean;
  examples: number;
  positives: number;
}

/** Fits on the examples, or takes the documented prior when they are too few or all one outcome. */
export function fitOrPrior(kind: ModelKind, examples: Examples): { model: LogisticModel; prior: boolean } {
  const positives = examples.labels.filter((y) => y === 1).length;
  const usable = examples.labels.length >= MIN_EXAMPLES && positives > 0 && positives < examples.labels.length;
  return usable ? { model: fitLogistic(FEATURES[kind], examples.rows, examples.labels), prior: false } : { model: PRIOR_MODELS[kind], prior: true };
}

/** Stores the next version of a tenant's model (every retraining is a new version, the old ones stay). */
async function storeVersion(tenantId: Types.ObjectId, kind: ModelKind, fitted: { model: LogisticModel; prior: boolean }, examples: Examples, now: Date): Promise<TrainedModel> {
  const last = await PredictionModel.findOne({ tenantId, kind }, { version: 1 }).sort({ version: -1 }).lean();
  const version = (last?.version ?? 0) + 1;
  const positives = examples.labels.filter((y) => y === 1).length;
  const { model, prior } = fitted;
  await PredictionModel.create({
    tenantId,
    kind,
    version,
    prior,
    features: [...model.features],
    means: model.means,
    stds: model.stds,
    weights: model.weights,
    intercept: model.intercept,
    examples: examples.labels.length,
    positives,
    trainedAt: now,
  });
  return { ...model, kind, version, label: `${kind}-v${version}`, prior, examples: examples.labels.length, positives };
}

/** Nightly retraining of a tenant's churn and win models on its own history up to `now`. */
export async function trainTenantModels(tenantId: Types.ObjectId, now: Date): Promise<Record<ModelKind, TrainedModel>> {
  const [history, customers, openTickets] = await Promise.all([loadTenantHistory(tenantId), loadTenantCustomers(tenantId), openTicketsByCustomer(tenantId)]);
  const subjects = { customers, openTickets };
  const churn = churnExamples(history, subjects, now);
  const win = await winExamples(tenantId, history, subjects);
  return {
    churn: await storeVersion(tenantId, 'churn', fitOrPrior('churn', churn), churn, now),
    win: await storeVersion(tenantId, 'win', fitOrPrior('win', win), win, now),
  };
}

/** The tenant's latest model of a kind; the prior (version 0) before the first training. */
export async function currentModel(tenantId: Types.ObjectId, kind: ModelKind): Promise<TrainedModel> {
  const doc = await PredictionModel.findOne({ tenantId, kind }).sort({ version: -1 }).lean();
  if (!doc) return { ...PRIOR_MODELS[kind], kind, version: 0, label: `${kind}-prior`, prior: true, examples: 0, positives: 0 };
  return {
    features: doc.features,
    means: doc.means,
    stds: doc.stds,
    weights: doc.weights,
    intercept: doc.intercept,
    kind,
    version: doc.version,
    label: `${kind}-v${doc.version}`,
    prior: doc.prior,
    examples: doc.examples,
    positives: doc.positives,
  };
}
