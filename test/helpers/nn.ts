import { Rng } from '../../src/core/rng';
import { ConditionalDensity, type ConditionalDensitySpec } from '../../src/nn/conditional-density';
import type { EstimatorConfig } from '../../src/nn/estimator';
import { type Columns, fit, type FitResult, splitColumns } from '../../src/nn/fit';
import { type Scalar, type Tensor2D, tf } from '../../src/nn/tf';
import { fitContextEncoding, type OutputTransformSpec } from '../../src/nn/transforms';

/** Small, fast estimator settings for tests. */
export const TEST_ESTIMATORS: readonly EstimatorConfig[] = [
  { kind: 'mdn', numComponents: 4, hiddenWidth: 32, numBlocks: 1 },
  { kind: 'coupling-flow', numTransforms: 5, hiddenWidth: 32, numBlocks: 1 },
  { kind: 'spline-flow', numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 32, numBlocks: 1 },
];

/** Runs tests on the wasm backend (the fastest in Node); falls back to cpu. */
export async function useFastBackend(): Promise<string> {
  const { chooseBackend } = await import('../../src/nn/backend');
  return (await chooseBackend({ candidates: ['wasm'], override: 'wasm' })).chosen;
}

/**
 * A conditional density fitted by maximum likelihood (optionally weighted) on (y, context) rows.
 * @param y [n, d] @param context [n, c] @param weights [n] per-example weights (mean 1), or none
 */
export async function fitDensity(options: {
  estimator: EstimatorConfig;
  y: Float64Array;
  outputDim: number;
  context: Float64Array;
  contextDim: number;
  output: OutputTransformSpec;
  weights?: Float64Array;
  epochs?: number;
  seed?: number;
  onEpoch?: () => void;
}): Promise<{ model: ConditionalDensity; result: FitResult }> {
  const rng = Rng.fromSeed(options.seed ?? 1);
  const spec: ConditionalDensitySpec = {
    estimator: options.estimator,
    outputDim: options.outputDim,
    output: options.output,
    contextDim: options.contextDim,
    context: fitContextEncoding(options.context, options.contextDim),
    embedding: null,
    conditionOnBeta: false,
  };
  const model = new ConditionalDensity(spec, rng);
  const batch = model.encode(options.y, options.context);
  const n = batch.logJacobian.length;
  const columns: Columns = {
    z: { values: batch.z, width: options.outputDim },
    context: { values: batch.context, width: spec.context.keepColumns.length },
    weight: { values: options.weights ? Float32Array.from(options.weights) : new Float32Array(n).fill(1), width: 1 },
  };
  const { train, validation } = splitColumns(columns, 0.1, rng);
  const result = await fit({
    variables: model.variables,
    trainColumns: () => train,
    validationColumns: validation,
    loss: (b: Record<string, Tensor2D>) =>
      tf.neg(tf.mean(tf.mul(tf.reshape(b.weight!, [b.weight!.shape[0]]), model.logProbEncoded(b.z!, b.context!, null)))) as Scalar,
    rng,
    maxEpochs: options.epochs ?? 40,
    patience: 10,
    learningRate: 3e-3,
    onProgress: options.onEpoch ? () => options.onEpoch!() : undefined as never,
  });
  return { model, result };
}
