import type { Rng } from '../core/rng';
import { ConditionalDensity } from '../nn/conditional-density';
import type { EstimatorConfig } from '../nn/estimator';
import { type FitOptions, fit, splitColumns } from '../nn/fit';
import { type Scalar, tf } from '../nn/tf';
import { fitContextEncoding } from '../nn/transforms';
import type { TrainingProblem } from './route';

/** How a neural likelihood is trained (Route B-NLE's score network). */
export interface NeuralLikelihoodSettings {
  readonly hiddenWidth: number;
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** The density estimator; default an MDN (5 components) up to 8 columns, an affine coupling flow beyond. */
  readonly estimator?: EstimatorConfig;
  /** Progress, cancel and yield hooks of `fit`. */
  readonly hooks?: Pick<FitOptions, 'onProgress' | 'shouldStop' | 'betweenEpochs'>;
}

/**
 * A neural likelihood q(x | θ) (DESIGN.md §4, NLE): a conditional density on the informative
 * columns of x, z-scored (the Jacobian is included, so log q is a log-density of raw x), with θ
 * as context. An MDN with 5 components for up to 8 columns, an affine coupling flow beyond.
 */
export class NeuralLikelihood {
  private constructor(
    private readonly problem: TrainingProblem,
    private readonly keepColumns: readonly number[],
    readonly density: ConditionalDensity,
  ) {}

  /**
   * Fits q(x | θ) by maximum likelihood on (θ, x) with 10 % held out for early stopping.
   * @param theta [n, thetaDim] @param x [n, xDim], raw
   */
  static async fit(problem: TrainingProblem, theta: Float64Array, x: Float64Array, settings: NeuralLikelihoodSettings, rng: Rng): Promise<NeuralLikelihood> {
    const xEncoding = fitContextEncoding(x, problem.xDim, problem.constantXColumns);
    const keep = xEncoding.keepColumns;
    const density = new ConditionalDensity(
      {
        estimator: settings.estimator ?? (keep.length > 8 ? { kind: 'coupling-flow', numTransforms: 5, hiddenWidth: settings.hiddenWidth, numBlocks: 2 } : { kind: 'mdn', numComponents: 5, hiddenWidth: settings.hiddenWidth, numBlocks: 2 }),
        outputDim: keep.length,
        output: { kind: 'standardize', mean: xEncoding.mean, std: xEncoding.std },
        contextDim: problem.thetaDim,
        context: fitContextEncoding(theta, problem.thetaDim),
        embedding: null,
        conditionOnBeta: false,
      },
      rng.split(),
    );
    const likelihood = new NeuralLikelihood(problem, keep, density);
    const batch = density.encode(likelihood.informative(x), theta);
    const { train, validation } = splitColumns({ z: { values: batch.z, width: keep.length }, context: { values: batch.context, width: problem.thetaDim } }, 0.1, rng);
    await fit({
      variables: density.variables,
      trainColumns: () => train,
      validationColumns: validation,
      loss: (b) => tf.neg(tf.mean(density.logProbEncoded(b.z!, b.context!, null))) as Scalar,
      rng,
      maxEpochs: settings.maxEpochs,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      ...settings.hooks,
    });
    return likelihood;
  }

  /**
   * log q(xᵢ | θᵢ) per row. @param theta [n, thetaDim] @param x [n, xDim] raw @returns [n]
   */
  logProb(theta: Float64Array, x: Float64Array): Promise<Float64Array> {
    return this.density.logProb(this.informative(x), theta);
  }

  dispose(): void {
    this.density.dispose();
  }

  /** The informative columns of raw rows [m, xDim] → [m, keep]. */
  private informative(rows: Float64Array): Float64Array {
    const { xDim } = this.problem;
    const keep = this.keepColumns;
    const m = rows.length / xDim;
    return Float64Array.from({ length: m * keep.length }, (_, k) => rows[Math.floor(k / keep.length) * xDim + keep[k % keep.length]!]!);
  }
}
