import type { Rng } from '../core/rng';
import { ResidualMlp } from './dense';
import type { ConditionalDensityEstimator, EstimatorConfig } from './estimator';
import { type Tensor1D, type Tensor2D, tf, type Variable } from './tf';

const LOG_2PI = Math.log(2 * Math.PI);
/** Floor on the precision Cholesky diagonal, so no component collapses to a point. */
const MIN_DIAGONAL = 1e-3;

/**
 * A mixture density network: an MLP maps the context to K full-covariance Gaussians,
 * q(y | c) = Σ_k π_k N(y; μ_k, (U_kᵀ U_k)⁻¹), parameterised by the upper-triangular Cholesky
 * factor U_k of each precision, so log q needs no triangular solve:
 * log N = −(d/2) log 2π + Σ_i log U_ii − ½‖U (y − μ)‖². The off-diagonal entries are placed by
 * a constant 0/1 matrix product (no gather, which the wasm backend cannot differentiate).
 */
export class MixtureDensityNetwork implements ConditionalDensityEstimator {
  readonly config: Extract<EstimatorConfig, { kind: 'mdn' }>;
  private readonly net: ResidualMlp;
  readonly variables: readonly Variable[];
  private readonly numOffDiagonal: number;
  /** [numOffDiagonal, d·d]: off-diagonal parameter m → its entry (i < j) of U. */
  private readonly placeOffDiagonal: Tensor2D;
  private readonly eye: Tensor2D;

  constructor(
    readonly outputDim: number,
    readonly contextDim: number,
    config: Omit<Extract<EstimatorConfig, { kind: 'mdn' }>, 'kind'>,
    rng: Rng,
  ) {
    this.config = { kind: 'mdn', ...config };
    const d = outputDim;
    this.numOffDiagonal = (d * (d - 1)) / 2;
    const perComponent = 1 + d + d + this.numOffDiagonal;
    this.net = new ResidualMlp(contextDim, config.hiddenWidth, config.numComponents * perComponent, config.numBlocks, rng, 'mdn', 0.1);
    this.variables = this.net.variables;
    const placement = new Float32Array(Math.max(this.numOffDiagonal, 1) * d * d);
    let m = 0;
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) placement[m++ * d * d + i * d + j] = 1;
    }
    this.placeOffDiagonal = tf.tensor2d(placement, [Math.max(this.numOffDiagonal, 1), d * d]);
    this.eye = tf.eye(d) as Tensor2D;
  }

  /** The mixture's parameters for each context row. */
  private parameters(context: Tensor2D): { logWeights: tf.Tensor2D; means: tf.Tensor3D; diagonal: tf.Tensor3D; upper: tf.Tensor4D } {
    const { numComponents: k } = this.config;
    const d = this.outputDim;
    const n = context.shape[0];
    const raw = tf.reshape(this.net.apply(context), [n, k, 1 + 2 * d + this.numOffDiagonal]);
    const logits = tf.reshape(tf.slice(raw, [0, 0, 0], [n, k, 1]), [n, k]) as tf.Tensor2D;
    const means = tf.slice(raw, [0, 0, 1], [n, k, d]) as tf.Tensor3D;
    const diagonal = tf.add(tf.softplus(tf.slice(raw, [0, 0, 1 + d], [n, k, d])), MIN_DIAGONAL) as tf.Tensor3D;
    // U = diag(u) + strictly-upper entries, as a dense [n, K, d, d] tensor.
    let upper = tf.mul(tf.expandDims(diagonal, 3), this.eye) as tf.Tensor4D;
    if (this.numOffDiagonal > 0) {
      const off = tf.reshape(tf.slice(raw, [0, 0, 1 + 2 * d], [n, k, this.numOffDiagonal]), [n * k, this.numOffDiagonal]) as Tensor2D;
      upper = tf.add(upper, tf.reshape(tf.matMul(off, this.placeOffDiagonal), [n, k, d, d])) as tf.Tensor4D;
    }
    return { logWeights: tf.logSoftmax(logits) as tf.Tensor2D, means, diagonal, upper };
  }

  logProb(y: Tensor2D, context: Tensor2D): Tensor1D {
    return tf.tidy(() => {
      const d = this.outputDim;
      const { logWeights, means, diagonal, upper } = this.parameters(context);
      const residual = tf.sub(tf.expandDims(y, 1), means); // [n, K, d]
      const projected = tf.sum(tf.mul(upper, tf.expandDims(residual, 2)), 3); // U (y − μ): [n, K, d]
      const logDensity = tf.sub(
        tf.sub(tf.sum(tf.log(diagonal), 2), tf.mul(0.5, tf.sum(tf.square(projected), 2))),
        0.5 * d * LOG_2PI,
      );
      return tf.logSumExp(tf.add(logWeights, logDensity), 1) as Tensor1D;
    });
  }

  async sample(context: Tensor2D, numPerContext: number, rng: Rng): Promise<Float32Array> {
    const { numComponents: k } = this.config;
    const d = this.outputDim;
    const m = context.shape[0];
    const params = tf.tidy(() => {
      const { logWeights, means, upper } = this.parameters(context);
      return [tf.exp(logWeights), means, upper] as const;
    });
    const [weights, means, upper] = await Promise.all(params.map((tensor) => tensor.data()));
    params.forEach((tensor) => tensor.dispose());
    const out = new Float32Array(m * numPerContext * d);
    const epsilon = new Float64Array(d);
    const z = new Float64Array(d);
    for (let row = 0; row < m; row++) {
      const componentWeights = weights!.subarray(row * k, (row + 1) * k);
      for (let s = 0; s < numPerContext; s++) {
        const c = rng.categorical(componentWeights);
        const base = (row * k + c) * d;
        const u = (row * k + c) * d * d;
        for (let i = 0; i < d; i++) epsilon[i] = rng.normal();
        // Solve U z = ε by back substitution, then y = μ + z ~ N(μ, (UᵀU)⁻¹).
        for (let i = d - 1; i >= 0; i--) {
          let sum = epsilon[i]!;
          for (let j = i + 1; j < d; j++) sum -= upper![u + i * d + j]! * z[j]!;
          z[i] = sum / upper![u + i * d + i]!;
        }
        const at = (row * numPerContext + s) * d;
        for (let i = 0; i < d; i++) out[at + i] = means![base + i]! + z[i]!;
      }
    }
    return out;
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
    this.placeOffDiagonal.dispose();
    this.eye.dispose();
  }
}
