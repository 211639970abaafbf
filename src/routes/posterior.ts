import type { Rng } from '../core/rng';
import { ConditionalDensity } from '../nn/conditional-density';
import type { EstimatorConfig } from '../nn/estimator';
import { fitContextEncoding } from '../nn/transforms';
import type { TrainingProblem } from './route';

/** Embed x with a learned MLP when it has more informative columns than this (Lorenz-96's 160). */
const EMBED_ABOVE_COLUMNS = 20;

/**
 * The amortized posterior q(θ | x, β) every route trains (DESIGN.md §4): the estimator on the
 * problem's θ map (logit for a box prior), with context [embed(z-scored x), log β]. x is
 * z-scored with the statistics of the base simulations `x` (constant columns dropped), and a
 * residual-MLP embedding to `embeddingDim` features is added when x is long.
 * @param x [n, xDim] the base set's data, raw
 */
export function createPosterior(problem: TrainingProblem, x: Float64Array, estimator: EstimatorConfig, embeddingDim: number, rng: Rng): ConditionalDensity {
  const encoding = fitContextEncoding(x, problem.xDim, problem.constantXColumns);
  return new ConditionalDensity(
    {
      estimator,
      outputDim: problem.thetaDim,
      output: problem.thetaOutput,
      contextDim: problem.xDim,
      context: encoding,
      embedding: encoding.keepColumns.length > EMBED_ABOVE_COLUMNS ? { width: 64, numBlocks: 1, outputDim: embeddingDim } : null,
      conditionOnBeta: true,
    },
    rng,
  );
}
