import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { columnStats, standardize } from '../core/standardize';
import { type Fold, shuffledKFold } from './k-fold';
import { SKLEARN_MLP_DEFAULTS, type MlpTrainingOptions } from './mlp-classifier';
import { WasmMlpClassifier } from './wasm-mlp-classifier';
import { checkTwoSamples } from './sample-checks';

/** C2ST settings; the defaults are the common SBI benchmark suite's (DESIGN.md §5). */
export interface C2stOptions {
  readonly seed: number;
  readonly numFolds?: number;
  /** Overrides of the classifier's scikit-learn defaults (tests only; results use the defaults). */
  readonly training?: Partial<MlpTrainingOptions>;
}

/** A C2ST problem ready to score fold by fold (possibly on several threads). */
export interface C2stProblem {
  /** [n, d] both sets z-scored with the reference set's mean and std; reference rows first */
  readonly features: Float64Array;
  /** [n] 0 = reference, 1 = candidate */
  readonly labels: Uint8Array;
  readonly inputDim: number;
  readonly folds: readonly Fold[];
  readonly seed: number;
  readonly training: MlpTrainingOptions;
}

/** One fold's held-out accuracy and how its training went. */
export interface C2stFoldResult {
  readonly accuracy: number;
  readonly numEpochs: number;
  readonly converged: boolean;
}

export interface C2stResult {
  /** Mean held-out accuracy: 0.5 = indistinguishable, 1 = disjoint. */
  readonly accuracy: number;
  readonly folds: readonly C2stFoldResult[];
  readonly numReference: number;
  readonly numCandidate: number;
  readonly seconds: number;
}

/**
 * Sets up a classifier two-sample test: z-scores both sets with the reference set's column
 * mean and (n − 1) std, labels them 0 / 1, and cuts shuffled k-fold splits (default 5).
 * @param reference [n, d] @param candidate [m, d]
 */
export function prepareC2st(reference: Matrix, candidate: Matrix, options: C2stOptions): C2stProblem {
  checkTwoSamples('c2st', reference, candidate);
  const stats = columnStats(reference);
  const d = reference.numCols;
  const n = reference.numRows + candidate.numRows;
  const features = new Float64Array(n * d);
  features.set(standardize(reference, stats).data);
  features.set(standardize(candidate, stats).data, reference.numRows * d);
  const labels = new Uint8Array(n);
  labels.fill(1, reference.numRows);
  const hiddenSize = 10 * d;
  return {
    features,
    labels,
    inputDim: d,
    folds: shuffledKFold(n, options.numFolds ?? 5, Rng.fromSeed(options.seed)),
    seed: options.seed,
    training: { ...SKLEARN_MLP_DEFAULTS, hiddenSizes: [hiddenSize, hiddenSize], ...options.training },
  };
}

/** Trains the classifier on fold `k`'s training rows and scores its held-out rows. */
export function scoreC2stFold(problem: C2stProblem, k: number, shouldStop?: () => boolean): C2stFoldResult {
  const fold = problem.folds[k];
  if (!fold) throw new Error(`c2st fold: expected an index in [0, ${problem.folds.length - 1}], got ${k}`);
  const classifier = new WasmMlpClassifier(problem.inputDim, problem.training, Rng.fromSeed(problem.seed, 1 + k));
  const report = classifier.fit(problem.features, problem.labels, fold.train, shouldStop);
  const probabilities = classifier.predictProbability(problem.features, fold.test);
  let correct = 0;
  fold.test.forEach((row, i) => {
    if ((probabilities[i]! > 0.5 ? 1 : 0) === problem.labels[row]) correct++;
  });
  return { accuracy: correct / fold.test.length, numEpochs: report.numEpochs, converged: report.converged };
}

/** The C2ST score from its folds' results. */
export function combineC2stFolds(problem: C2stProblem, folds: readonly C2stFoldResult[], seconds: number): C2stResult {
  const numCandidate = problem.labels.reduce((acc, label) => acc + label, 0);
  return {
    accuracy: folds.reduce((acc, fold) => acc + fold.accuracy, 0) / folds.length,
    folds,
    numReference: problem.labels.length - numCandidate,
    numCandidate,
    seconds,
  };
}

/**
 * Classifier two-sample test (DESIGN.md §5), all folds on this thread: the mean held-out
 * accuracy of an MLP trained to tell `candidate` from `reference`.
 * @param reference [n, d] the ground-truth samples @param candidate [m, d]
 */
export function c2st(reference: Matrix, candidate: Matrix, options: C2stOptions): C2stResult {
  const start = performance.now();
  const problem = prepareC2st(reference, candidate, options);
  const folds = problem.folds.map((_, k) => scoreC2stFold(problem, k));
  return combineC2stFolds(problem, folds, (performance.now() - start) / 1000);
}
