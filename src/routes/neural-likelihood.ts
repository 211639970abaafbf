import type { Rng } from '../core/rng';
import type { EstimatorConfig } from '../nn/estimator';
import { type Columns, type FitOptions, fit, splitColumns } from '../nn/fit';
import { NeuralLikelihood } from '../nn/neural-likelihood';
import { type Scalar, tf } from '../nn/tf';
import { fitContextEncoding, fitPooledEncoding } from '../nn/transforms';
import type { TrainingProblem } from './route';

/** How a neural likelihood is trained (Route B-NLE's score network). */
export interface NeuralLikelihoodSettings {
  readonly hiddenWidth: number;
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** The density estimator; default an MDN (5 components) up to 8 modelled columns, an affine coupling flow beyond. */
  readonly estimator?: EstimatorConfig;
  /** Progress, cancel and yield hooks of `fit`. */
  readonly hooks?: Pick<FitOptions, 'onProgress' | 'shouldStop' | 'betweenEpochs'>;
}

/**
 * Fits a neural likelihood q(x | θ) by maximum likelihood on (θ, x), 10 % held out for early
 * stopping. When the problem declares exchangeable draws, the likelihood factorises over them
 * (issue 19): one density of a single draw, trained on every draw of every simulation (n × draws
 * rows), its output z-scored with statistics pooled over the draws. Otherwise one density over
 * the informative columns: an MDN with 5 components up to 8 of them, an affine coupling flow beyond.
 * @param theta [n, thetaDim] @param x [n, xDim], raw
 */
export async function fitNeuralLikelihood(problem: TrainingProblem, theta: Float64Array, x: Float64Array, settings: NeuralLikelihoodSettings, rng: Rng): Promise<NeuralLikelihood> {
  const structure = problem.dataStructure;
  const factorised = structure?.kind === 'exchangeable' ? { numDraws: structure.numDraws, drawDim: structure.drawDim } : null;
  const xEncoding = factorised ? fitPooledEncoding(x, factorised.numDraws, factorised.drawDim) : fitContextEncoding(x, problem.xDim, problem.constantXColumns);
  const modelled = factorised ? factorised.drawDim : xEncoding.keepColumns.length;
  const likelihood = new NeuralLikelihood(
    {
      xDim: problem.xDim,
      keepColumns: xEncoding.keepColumns,
      factorised,
      density: {
        estimator: settings.estimator ?? (modelled > 8 ? { kind: 'coupling-flow', numTransforms: 5, hiddenWidth: settings.hiddenWidth, numBlocks: 2 } : { kind: 'mdn', numComponents: 5, hiddenWidth: settings.hiddenWidth, numBlocks: 2 }),
        outputDim: modelled,
        output: { kind: 'standardize', mean: xEncoding.mean.slice(0, modelled), std: xEncoding.std.slice(0, modelled) },
        contextDim: problem.thetaDim,
        context: fitContextEncoding(theta, problem.thetaDim),
        embedding: null,
        conditionOnBeta: false,
      },
    },
    rng.split(),
  );
  const { y, context } = likelihood.rows(theta, x);
  const batch = likelihood.density.encode(y, context);
  // Split by simulation (all draws of one simulation on the same side), then one row per draw.
  const factors = likelihood.factors;
  const split = splitColumns({ z: { values: batch.z, width: factors * modelled }, context: { values: batch.context, width: factors * problem.thetaDim } }, 0.1, rng);
  const perDraw = (part: Columns): Columns => ({ z: { values: part.z!.values, width: modelled }, context: { values: part.context!.values, width: problem.thetaDim } });
  const [train, validation] = [perDraw(split.train), perDraw(split.validation)];
  await fit({
    variables: likelihood.variables,
    trainColumns: () => train,
    validationColumns: validation,
    loss: (b) => tf.neg(tf.mean(likelihood.density.logProbEncoded(b.z!, b.context!, null))) as Scalar,
    rng,
    maxEpochs: settings.maxEpochs,
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    ...settings.hooks,
  });
  return likelihood;
}
