import type { LogisticModel } from './logistic-model.js';
import { CHURN_FEATURES, WIN_FEATURES, type ModelKind } from './prediction-features.js';

/** Fewer labelled examples (or only one outcome) than this and a tenant is scored by the prior. */
export const MIN_EXAMPLES = 30;

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The documented prior: hand-set weights on hand-set scales, used until a tenant has enough of its
 * own history. Churn starts at 20 % for a typical customer (contacted a month ago, steady cadence,
 * three follow-ups a quarter) and rises with silence (+0.9 log-odds per extra month), a falling
 * follow-up cadence, unresolved tickets and low survey scores (1–5 scale). Win starts at 30 % and
 * falls with silence, a deal stuck in its stage or open long, a large amount and open tickets.
 */
export const PRIOR_MODELS: Record<ModelKind, LogisticModel> = {
  churn: {
    features: CHURN_FEATURES,
    //          daysSinceContact followUpTrend followUps90 openTickets surveyScore
    means: [30, 0, 3, 0, 3],
    stds: [30, 1, 3, 1, 1],
    weights: [0.9, -0.8, -0.4, 0.5, -0.4],
    intercept: logit(0.2),
  },
  win: {
    features: WIN_FEATURES,
    //          daysSinceContact followUpTrend stageAgeDays amount dealAgeDays openTickets surveyScore
    means: [14, 0, 30, 4, 45, 0, 3],
    stds: [14, 1, 30, 1, 45, 1, 1],
    weights: [-0.6, 0.4, -0.5, -0.2, -0.3, -0.3, 0.3],
    intercept: logit(0.3),
  },
};
