import type { Rng } from '../core/rng';
import { CouplingFlow } from './coupling-flow';
import type { Module } from './dense';
import { createEmbedding, type Embedding, type EmbeddingSpec } from './embedding';
import type { ConditionalDensityEstimator, EstimatorConfig } from './estimator';
import { MixtureDensityNetwork } from './mdn';
import { SplineFlow } from './spline-flow';
import { type Tensor1D, type Tensor2D, tf, type Variable } from './tf';
import { type ContextEncoding, encodeContext, fromEstimatorSpace, type OutputTransformSpec, toEstimatorSpace } from './transforms';

/** Rows scored per slice by `logProb` (a slice's tensors stay in the tens of MB). */
export const LOG_PROB_ROWS = 16_384;

/** Everything needed to rebuild a conditional density before loading its weights. */
export interface ConditionalDensitySpec {
  readonly estimator: EstimatorConfig;
  /** Dimension d of the modelled variable y (θ for NPE, x for NLE). */
  readonly outputDim: number;
  readonly output: OutputTransformSpec;
  /** Raw dimension of the conditioning variable (x for NPE, θ for NLE). */
  readonly contextDim: number;
  readonly context: ContextEncoding;
  /** An optional learned embedding of the encoded context (a declared structure's, or an MLP for long x). */
  readonly embedding: EmbeddingSpec | null;
  /** Append log β to the (embedded) context: q(θ | x, β). */
  readonly conditionOnBeta: boolean;
}

/** Encoded inputs, ready to be turned into tensors for training or scoring. */
export interface EncodedBatch {
  /** [n, d] y in estimator space */
  readonly z: Float32Array;
  /** [n] log |dz/dy| */
  readonly logJacobian: Float64Array;
  /** [n, encoded context width] */
  readonly context: Float32Array;
  /** [n] log β, when the model conditions on β */
  readonly logBeta: Float32Array | null;
}

/**
 * q(y | context[, β]) with its input and output maps: the estimator (MDN or coupling flow)
 * works on logit-mapped or z-scored y and on [embed(z-scored context), log β]; this class owns
 * those maps, so `logProb` and `sample` speak raw values (DESIGN.md §4) — samples of a box
 * variable always lie inside the box.
 */
export class ConditionalDensity implements Module {
  readonly estimator: ConditionalDensityEstimator;
  private readonly embedding: Embedding | null;
  readonly variables: readonly Variable[];

  constructor(
    readonly spec: ConditionalDensitySpec,
    rng: Rng,
  ) {
    const encodedDim = spec.context.keepColumns.length;
    this.embedding = spec.embedding ? createEmbedding(spec.embedding, encodedDim, rng) : null;
    const contextDim = (spec.embedding ? spec.embedding.outputDim : encodedDim) + (spec.conditionOnBeta ? 1 : 0);
    const { kind, ...config } = spec.estimator;
    this.estimator =
      kind === 'mdn'
        ? new MixtureDensityNetwork(spec.outputDim, contextDim, config as Omit<Extract<EstimatorConfig, { kind: 'mdn' }>, 'kind'>, rng)
        : kind === 'spline-flow'
          ? new SplineFlow(spec.outputDim, contextDim, config as Omit<Extract<EstimatorConfig, { kind: 'spline-flow' }>, 'kind'>, rng)
          : new CouplingFlow(spec.outputDim, contextDim, config as Omit<Extract<EstimatorConfig, { kind: 'coupling-flow' }>, 'kind'>, rng);
    this.variables = [...(this.embedding?.variables ?? []), ...this.estimator.variables];
  }

  /**
   * Maps raw rows into estimator space.
   * @param y [n, outputDim] @param context [n, contextDim] or [1, contextDim] (one context for all)
   * @param beta [n] or one β for all, when the model conditions on β
   */
  encode(y: ArrayLike<number>, context: ArrayLike<number>, beta?: ArrayLike<number> | number): EncodedBatch {
    const { outputDim, contextDim } = this.spec;
    const n = y.length / outputDim;
    const { z, logJacobian } = toEstimatorSpace(this.spec.output, y, outputDim);
    let encoded = encodeContext(this.spec.context, context, contextDim);
    const width = this.spec.context.keepColumns.length;
    if (encoded.length === width && n > 1) {
      const one = encoded;
      encoded = new Float32Array(n * width);
      for (let i = 0; i < n; i++) encoded.set(one, i * width);
    }
    return { z, logJacobian, context: encoded, logBeta: this.encodeBeta(n, beta) };
  }

  private encodeBeta(n: number, beta: ArrayLike<number> | number | undefined): Float32Array | null {
    if (!this.spec.conditionOnBeta) return null;
    if (beta === undefined) throw new Error('conditional density: expected β for a β-conditioned model, got none');
    if (typeof beta === 'number') return new Float32Array(n).fill(Math.log(beta));
    if (beta.length !== n) throw new Error(`conditional density: expected ${n} β values, got ${beta.length}`);
    return Float32Array.from(beta as ArrayLike<number>, (value) => Math.log(value));
  }

  /** The estimator's context features from encoded context [n, k] and log β [n, 1]. */
  features(context: Tensor2D, logBeta: Tensor2D | null): Tensor2D {
    const embedded = this.embed(context);
    return logBeta ? (tf.concat([embedded, logBeta], 1) as Tensor2D) : embedded;
  }

  /** The share of the features that depends on x alone: the (embedded) encoded context. @param context [n, k] */
  embed(context: Tensor2D): Tensor2D {
    return this.embedding ? this.embedding.apply(context) : context;
  }

  /** The raw context in network form, [1, encoded width] (z-scored, constant columns dropped). */
  encodeOneContext(context: ArrayLike<number>): Float32Array {
    return encodeContext(this.spec.context, context, this.spec.contextDim);
  }

  /**
   * log q_z(z | features) per row in estimator space — the differentiable training objective
   * (the raw-space Jacobian is a constant per example and is added only in `logProb`).
   */
  logProbEncoded(z: Tensor2D, context: Tensor2D, logBeta: Tensor2D | null): Tensor1D {
    return this.estimator.logProb(z, this.features(context, logBeta));
  }

  /**
   * log q(y | context[, β]) in raw space, Jacobian included.
   * @returns [n] float64
   */
  async logProb(y: ArrayLike<number>, context: ArrayLike<number>, beta?: ArrayLike<number> | number): Promise<Float64Array> {
    const batch = this.encode(y, context, beta);
    const n = batch.logJacobian.length;
    const [outputDim, contextDim] = [this.spec.outputDim, this.spec.context.keepColumns.length];
    const out = new Float64Array(n);
    // In slices of LOG_PROB_ROWS: refinement scores 10⁵ rows (4·10⁵ for SLCP's factorised likelihood), more than wasm's memory holds at once.
    for (let start = 0; start < n; start += LOG_PROB_ROWS) {
      const rows = Math.min(LOG_PROB_ROWS, n - start);
      const result = tf.tidy(() => {
        const z = tf.tensor2d(batch.z.subarray(start * outputDim, (start + rows) * outputDim), [rows, outputDim]);
        const contextTensor = tf.tensor2d(batch.context.subarray(start * contextDim, (start + rows) * contextDim), [rows, contextDim]);
        const logBeta = batch.logBeta ? tf.tensor2d(batch.logBeta.subarray(start, start + rows), [rows, 1]) : null;
        return this.logProbEncoded(z, contextTensor, logBeta);
      });
      const values = await result.data();
      result.dispose();
      for (let i = 0; i < rows; i++) out[start + i] = values[i]! + batch.logJacobian[start + i]!;
    }
    return out;
  }

  /**
   * n draws of y for one raw context (and β), in raw space.
   * @param context [contextDim] @returns [n, outputDim] row-major, float64
   */
  sample(context: ArrayLike<number>, n: number, rng: Rng, beta?: number): Promise<Float64Array> {
    return this.sampleEach(context, n, rng, beta);
  }

  /**
   * `perContext` draws for each of m raw contexts (one β for all), the rows of one context
   * together: what calibration needs for hundreds of data sets at once (issue 20).
   * @param contexts [m, contextDim] row-major @returns [m · perContext, outputDim] row-major, float64
   */
  async sampleEach(contexts: ArrayLike<number>, perContext: number, rng: Rng, beta?: number): Promise<Float64Array> {
    const m = contexts.length / this.spec.contextDim;
    if (!Number.isInteger(m) || m < 1) throw new Error(`sample: expected contexts of ${this.spec.contextDim} values each, got ${contexts.length} values`);
    const encoded = encodeContext(this.spec.context, contexts, this.spec.contextDim);
    const logBeta = this.encodeBeta(m, beta);
    const features = tf.tidy(() => this.features(tf.tensor2d(encoded, [m, encoded.length / m]), logBeta ? tf.tensor2d(logBeta, [m, 1]) : null));
    try {
      const z = await this.estimator.sample(features, perContext, rng);
      return fromEstimatorSpace(this.spec.output, z, this.spec.outputDim);
    } finally {
      features.dispose();
    }
  }

  dispose(): void {
    this.embedding?.variables.forEach((variable) => variable.dispose());
    this.estimator.dispose();
  }
}
