import type { Rng } from '../core/rng';
import { ConditionalDensity } from '../nn/conditional-density';
import type { EmbeddingSpec } from '../nn/embedding';
import type { EstimatorConfig } from '../nn/estimator';
import { type ContextEncoding, fitContextEncoding, fitPooledEncoding } from '../nn/transforms';
import type { TrainingProblem } from './route';

/** Embed x with a learned MLP when it has more informative columns than this and no declared structure. */
const EMBED_ABOVE_COLUMNS = 20;
/** Width and residual blocks of every embedding network. */
const EMBEDDING_WIDTH = 64;
const EMBEDDING_BLOCKS = 1;

/**
 * How a network reads a problem's x (issue 19, item 1), fitted on the base set's data:
 * - a declared `exchangeable` structure: every draw encoded alike (pooled z-scores), then the
 *   deep-set embedding ρ(mean_j φ(x_j, its set's moments)) — invariant to the order of the
 *   draws (the moments since issue 19's SLCP finding; models saved before have none);
 * - a declared `trajectory`: every state encoded alike, then ρ(mean_t φ(x_t, x_t+1)) over the
 *   transitions (the constant initial state stays in: it is the first transition's origin);
 * - otherwise per-column z-scores (constant columns dropped) and, above 20 columns, an MLP.
 * @param x [n, xDim] raw @param outputDim the embedding's width
 */
export function dataEncoding(problem: TrainingProblem, x: Float64Array, outputDim: number): { context: ContextEncoding; embedding: EmbeddingSpec | null } {
  const structure = problem.dataStructure;
  const shape = { width: EMBEDDING_WIDTH, numBlocks: EMBEDDING_BLOCKS, outputDim };
  if (structure?.kind === 'exchangeable') {
    return { context: fitPooledEncoding(x, structure.numDraws, structure.drawDim), embedding: { kind: 'exchangeable', numDraws: structure.numDraws, drawDim: structure.drawDim, moments: true, ...shape } };
  }
  if (structure?.kind === 'trajectory') {
    return { context: fitPooledEncoding(x, structure.numStates, structure.stateDim), embedding: { kind: 'transitions', numStates: structure.numStates, stateDim: structure.stateDim, ...shape } };
  }
  const context = fitContextEncoding(x, problem.xDim, problem.constantXColumns);
  return { context, embedding: context.keepColumns.length > EMBED_ABOVE_COLUMNS ? shape : null };
}

/**
 * The amortized posterior q(θ | x, β) every route trains (DESIGN.md §4): the estimator on the
 * problem's θ map (logit for a box prior), with context [embed(encoded x), log β], x read as
 * `dataEncoding` says.
 * @param x [n, xDim] the base set's data, raw
 */
export function createPosterior(problem: TrainingProblem, x: Float64Array, estimator: EstimatorConfig, embeddingDim: number, rng: Rng): ConditionalDensity {
  const { context, embedding } = dataEncoding(problem, x, embeddingDim);
  return new ConditionalDensity({ estimator, outputDim: problem.thetaDim, output: problem.thetaOutput, contextDim: problem.xDim, context, embedding, conditionOnBeta: true }, rng);
}
