import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

/** An interpretable model: standardized features, one weight each, an intercept. */
export interface LogisticModel {
  features: readonly string[];
  means: number[];
  stds: number[];
  weights: number[];
  intercept: number;
}

const STEPS = 400;

function column(rows: readonly number[][], j: number): number[] {
  return rows.map((r) => r[j]!).filter((v) => Number.isFinite(v));
}

/** z-score of x for feature j; an unknown value (NaN) sits at the mean. */
const standardize = (model: Pick<LogisticModel, 'means' | 'stds'>, x: readonly number[]) =>
  x.map((v, j) => (Number.isFinite(v) ? (v - model.means[j]!) / model.stds[j]! : 0));

/**
 * Fits p(y = 1) = σ(b + Σ wⱼ zⱼ) with ml-logistic-regression on z-scored features (a column of ones
 * stands in for the intercept, which the library lacks). The library's gradient is a sum over
 * examples, so the learning rate is divided by their number.
 */
export function fitLogistic(features: readonly string[], rows: readonly number[][], labels: readonly number[]): LogisticModel {
  const means = features.map((_, j) => {
    const values = column(rows, j);
    return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
  });
  const stds = features.map((_, j) => {
    const values = column(rows, j);
    const variance = values.length ? values.reduce((s, v) => s + (v - means[j]!) ** 2, 0) / values.length : 0;
    return Math.sqrt(variance) || 1;
  });
  const scaled = { means, stds };
  const X = new Matrix(rows.map((r) => [1, ...standardize(scaled, r)]));
  const Y = Matrix.columnVector([...labels]);
  const lr = new LogisticRegression({ numSteps: STEPS, learningRate: 1 / rows.length });
  lr.train(X, Y);
  // With labels 0/1 the first one-vs-all classifier is trained on y itself: its weights give p(y = 1).
  const w = lr.classifiers[0]!.weights.to1DArray();
  return { features, means, stds, intercept: w[0]!, weights: w.slice(1) };
}

/** The probability and each feature's push on the log-odds (weight × z-score). */
export function scoreWith(model: LogisticModel, x: readonly number[]): { probability: number; contributions: number[] } {
  const z = standardize(model, x);
  const contributions = z.map((v, j) => v * model.weights[j]!);
  const logit = model.intercept + contributions.reduce((s, c) => s + c, 0);
  return { probability: 1 / (1 + Math.exp(-logit)), contributions };
}

/** Area under the ROC curve (rank statistic, ties counted half). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]!.y === 1) {
      rankSum += rank;
      positives += 1;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
