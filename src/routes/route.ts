import type { EstimatorConfig } from '../nn/estimator';
import type { Rng } from '../core/rng';
import type { OutputTransformSpec } from '../nn/transforms';
import type { LikelihoodEstimatorName } from '../core/route-ids';
import type { DataStructure } from '../benchmarks/metadata/task-metadata';

export { isRouteId, type RouteId, TRAINABLE_ROUTES } from '../core/route-ids';

/**
 * Route B-NLE's likelihood estimators by name (`--likelihood`, the training worker; the names are
 * `LIKELIHOOD_ESTIMATOR_NAMES`): 'auto' is the route's default (an MDN up to 8 data columns, an
 * affine coupling flow beyond).
 */
export const LIKELIHOOD_ESTIMATORS: Readonly<Record<string, EstimatorConfig | null>> & Readonly<Record<LikelihoodEstimatorName, EstimatorConfig | null>> = {
  auto: null,
  'spline-flow': { kind: 'spline-flow', numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 64, numBlocks: 2 },
  'coupling-flow': { kind: 'coupling-flow', numTransforms: 5, hiddenWidth: 64, numBlocks: 2 },
  mdn: { kind: 'mdn', numComponents: 5, hiddenWidth: 64, numBlocks: 2 },
};

/**
 * What a route needs to know about a simulator: shapes, how θ is mapped for the network, which
 * data columns are constant, the β domain, a joint sampler and (for oracle scores) the exact
 * likelihood. Benchmark tasks and test toys both provide it.
 */
export interface TrainingProblem {
  readonly id: string;
  readonly thetaDim: number;
  readonly xDim: number;
  /** How q works on θ: logit for a box prior (samples stay inside), or z-scoring. */
  readonly thetaOutput: OutputTransformSpec;
  readonly constantXColumns: readonly number[];
  readonly betaDomain: readonly [number, number];
  /** How x is built (exchangeable draws, a trajectory), when the networks should use it; checked against xDim. */
  readonly dataStructure?: DataStructure;
  /**
   * n draws (θᵢ, xᵢ) ~ π(θ) p(x | θ), reporting how many are done now and then (Hodgkin–Huxley's
   * 10 000 take tens of seconds). @returns theta [n, thetaDim], x [n, xDim]
   */
  simulateJoint(n: number, rng: Rng, onProgress?: (done: number) => void): { theta: Float64Array; x: Float64Array };
  /** Exact log p(xᵢ | θᵢ) per row, when known (oracle scores). */
  readonly logLikelihood?: (theta: Float64Array, x: Float64Array) => Float64Array;
  /** Exact log p(xᵢ) per row, when known (NRE-form oracle scores: the 2-D tasks). */
  readonly logEvidence?: (x: Float64Array) => Float64Array;
  /** A Gaussian prior N(mean, diag(std²)) for problems without a box (Route A needs ∇ log π). */
  readonly gaussianPrior?: { readonly mean: readonly number[]; readonly std: readonly number[] };
}

/** Progress of a training run, per phase. */
export interface RouteProgress {
  readonly phase: 'simulate' | 'scores' | 'score-network' | 'synthesis' | 'posterior';
  /** Detail, e.g. "classifier fold 1/2". */
  readonly step: string;
  readonly epoch: number | null;
  readonly trainLoss: number | null;
  readonly validationLoss: number | null;
  readonly etaSeconds: number | null;
  /** Route B, once its scores are known: ESS(β)/N of the training part's weights at 𝒢 within the domain. */
  readonly ess?: { readonly betas: readonly number[]; readonly essFraction: readonly number[] };
}

/**
 * Simulates a route's base set, reporting "k/N simulations" with an ETA as phase `simulate`.
 * @returns theta [n, thetaDim], x [n, xDim]
 */
export function simulateBaseSet(problem: TrainingProblem, n: number, rng: Rng, hooks: RouteHooks): { theta: Float64Array; x: Float64Array } {
  const start = performance.now();
  const report = (done: number) => {
    const elapsed = (performance.now() - start) / 1000;
    hooks.onProgress?.({ phase: 'simulate', step: `${done}/${n} simulations`, epoch: null, trainLoss: null, validationLoss: null, etaSeconds: done > 0 ? (elapsed * (n - done)) / done : null });
  };
  report(0);
  return problem.simulateJoint(n, rng, report);
}

/** What every route passes to each fit: progress reports, cancellation, a yield between epochs. */
export interface RouteHooks {
  readonly onProgress?: (progress: RouteProgress) => void;
  readonly shouldStop?: () => boolean;
  readonly betweenEpochs?: () => Promise<void>;
}

/**
 * The fit options a route's hooks become for one network: its epochs reported as `phase`/`step`
 * (with Route B's ESS once known), and the cancel and yield hooks passed on (only when given: the options are exact-optional).
 */
export function fitHooks(hooks: RouteHooks, phase: RouteProgress['phase'], step: string, ess?: RouteProgress['ess']) {
  return {
    onProgress: (p: { epoch: number; trainLoss: number; validationLoss: number; etaSeconds: number }) =>
      hooks.onProgress?.({ phase, step, epoch: p.epoch, trainLoss: p.trainLoss, validationLoss: p.validationLoss, etaSeconds: p.etaSeconds, ...(ess ? { ess } : {}) }),
    ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
    ...(hooks.betweenEpochs ? { betweenEpochs: hooks.betweenEpochs } : {}),
  };
}
