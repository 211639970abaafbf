import { LOG_PROB_ROWS } from './conditional-density';
import type { Rng } from '../core/rng';
import { type Module, ResidualMlp } from './dense';
import { createEmbedding, type Embedding, type EmbeddingSpec } from './embedding';
import type { Columns } from './fit';
import { type Scalar, type Tensor1D, type Tensor2D, tf, type Variable } from './tf';
import { type ContextEncoding, encodeContext } from './transforms';

/** Everything needed to rebuild a ratio classifier before loading its weights. */
export interface RatioClassifierSpec {
  readonly thetaDim: number;
  readonly xDim: number;
  readonly theta: ContextEncoding;
  readonly x: ContextEncoding;
  readonly hiddenWidth: number;
  readonly numBlocks: number;
  /** An embedding of the encoded x (a declared structure's), absent in models saved before it existed. */
  readonly embedding?: EmbeddingSpec | null;
}

/**
 * A ratio classifier d(θ, x) = σ(f(θ, x)) (residual MLP on [z-scored θ, embed(encoded x)]) trained to tell
 * joint pairs (θᵢ, xᵢ) from shuffled pairs (θᵢ, x_π(i)); with equal class sizes its logit
 * estimates log r(θ, x) = log p(x | θ) − log p(x) (Hermans et al. 2020).
 */
export class RatioClassifier implements Module {
  private readonly net: ResidualMlp;
  private readonly embedding: Embedding | null;
  readonly variables: readonly Variable[];

  constructor(
    readonly spec: RatioClassifierSpec,
    rng: Rng,
  ) {
    const xWidth = spec.x.keepColumns.length;
    this.embedding = spec.embedding ? createEmbedding(spec.embedding, xWidth, rng) : null;
    const inputDim = spec.theta.keepColumns.length + (spec.embedding ? spec.embedding.outputDim : xWidth);
    this.net = new ResidualMlp(inputDim, spec.hiddenWidth, 1, spec.numBlocks, rng, 'ratio');
    this.variables = [...(this.embedding?.variables ?? []), ...this.net.variables];
  }

  /** θ's width. */
  get thetaDim(): number {
    return this.spec.thetaDim;
  }

  /** Encodes raw θ and x rows as the classifier's input features. @returns [n, features] */
  encode(theta: ArrayLike<number>, x: ArrayLike<number>): Float32Array {
    const a = encodeContext(this.spec.theta, theta, this.spec.thetaDim);
    const b = encodeContext(this.spec.x, x, this.spec.xDim);
    const n = a.length / this.spec.theta.keepColumns.length;
    const [wa, wb] = [this.spec.theta.keepColumns.length, this.spec.x.keepColumns.length];
    const out = new Float32Array(n * (wa + wb));
    for (let i = 0; i < n; i++) {
      out.set(a.subarray(i * wa, (i + 1) * wa), i * (wa + wb));
      out.set(b.subarray(i * wb, (i + 1) * wb), i * (wa + wb) + wa);
    }
    return out;
  }

  /** The logit f(θ, x) per row (differentiable). @param features [n, features] @returns [n] */
  logit(features: Tensor2D): Tensor1D {
    let input = features;
    if (this.embedding) {
      const thetaWidth = this.spec.theta.keepColumns.length;
      const theta = tf.slice(features, [0, 0], [-1, thetaWidth]) as Tensor2D;
      const x = tf.slice(features, [0, thetaWidth], [-1, this.spec.x.keepColumns.length]) as Tensor2D;
      input = tf.concat([theta, this.embedding.apply(x)], 1) as Tensor2D;
    }
    return tf.reshape(this.net.apply(input), [features.shape[0]]) as Tensor1D;
  }

  /** log r̂(θ, x) = f(θ, x) per row, from raw values. @returns [n] float64 */
  async logRatio(theta: ArrayLike<number>, x: ArrayLike<number>): Promise<Float64Array> {
    const features = this.encode(theta, x);
    const n = theta.length / this.spec.thetaDim;
    const width = features.length / n;
    const out = new Float64Array(n);
    // In slices, as ConditionalDensity.logProb: refinement scores 10⁵ rows at once.
    for (let start = 0; start < n; start += LOG_PROB_ROWS) {
      const rows = Math.min(LOG_PROB_ROWS, n - start);
      const result = tf.tidy(() => this.logit(tf.tensor2d(features.subarray(start * width, (start + rows) * width), [rows, width])));
      out.set(await result.data(), start);
      result.dispose();
    }
    return out;
  }

  /** Mean binary cross-entropy of a batch with columns `features` [n, f] and `label` [n, 1]. */
  loss(batch: Record<string, Tensor2D>): Scalar {
    const logits = this.logit(batch.features!);
    const labels = tf.reshape(batch.label!, [logits.shape[0]]);
    // −[y log σ(f) + (1 − y) log(1 − σ(f))] = softplus(f) − y f
    return tf.mean(tf.sub(tf.softplus(logits), tf.mul(labels, logits))) as Scalar;
  }

  dispose(): void {
    this.variables.forEach((variable) => variable.dispose());
  }
}

/**
 * The classifier's training rows: every joint pair (label 1) and the same θ with x shuffled by a
 * seeded permutation (label 0), so the classes are equal in size.
 * @param theta [n, thetaDim] @param x [n, xDim]
 */
export function jointAndShuffledPairs(classifier: RatioClassifier, theta: ArrayLike<number>, x: ArrayLike<number>, rng: Rng): Columns {
  const { thetaDim, xDim } = classifier.spec;
  const n = theta.length / thetaDim;
  const order = rng.permutation(n);
  const shuffledX = new Float64Array(n * xDim);
  order.forEach((row, i) => {
    for (let k = 0; k < xDim; k++) shuffledX[i * xDim + k] = x[row * xDim + k] as number;
  });
  const joint = classifier.encode(theta, x);
  const shuffled = classifier.encode(theta, shuffledX);
  const width = joint.length / n;
  const features = new Float32Array(2 * n * width);
  features.set(joint);
  features.set(shuffled, n * width);
  const label = new Float32Array(2 * n);
  label.fill(1, 0, n);
  return { features: { values: features, width }, label: { values: label, width: 1 } };
}
