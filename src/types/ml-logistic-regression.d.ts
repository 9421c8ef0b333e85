// ml-logistic-regression ships no type declarations: the part of its API we use.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  /** One-vs-all logistic regression trained by batch gradient ascent; no intercept of its own. */
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    /** classifiers[k] scores "not class k" as 1 − p for k > 0; classifiers[0].weights (1 × columns) gives p(y = 1) for labels 0/1. */
    classifiers: { weights: Matrix; testScores(features: Matrix): number[] }[];
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
  }
}
