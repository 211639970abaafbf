import type { Rng } from '../core/rng';
import { ResidualMlp } from './dense';
import type { ConditionalDensityEstimator, EstimatorConfig } from './estimator';
import { logStandardNormal, sampleFlow } from './flow-base';
import { type Tensor1D, type Tensor2D, tf, type Variable } from './tf';

/** Soft bound on the log-scale of each coupling, |s| < 3, for stable training. */
const SCALE_BOUND = 3;

/**
 * The binary mask of coupling transform l for d dimensions: masks cycle through the two
 * checkerboards and (for d ≥ 3) the two halves, so every coordinate conditions every other
 * within a few layers. 1 = passed through and conditioned on, 0 = transformed.
 */
export function couplingMask(d: number, l: number): Float32Array {
  if (d === 1) return Float32Array.of(0);
  const pattern = d >= 3 ? l % 4 : l % 2;
  return Float32Array.from({ length: d }, (_, j) => {
    if (pattern < 2) return (j + pattern) % 2;
    const firstHalf = j < Math.floor(d / 2);
    return pattern === 2 ? Number(firstHalf) : Number(!firstHalf);
  });
}

/**
 * A conditional affine coupling flow (RealNVP, Dinh et al. 2017) with masks instead of
 * permutations — no gather anywhere. Transform l maps base z to data x as
 * x = m⊙z + (1−m)⊙(z·exp(s) + t), (s, t) = MLP([m⊙z, c]), s soft-bounded by 3·tanh(·/3);
 * log q(x | c) = log N(z; 0, I) − Σ_l Σ_j (1−m_l)_j s_lj. Layers start near the identity.
 */
export class CouplingFlow implements ConditionalDensityEstimator {
  readonly config: Extract<EstimatorConfig, { kind: 'coupling-flow' }>;
  private readonly nets: ResidualMlp[];
  private readonly masks: Tensor2D[];
  readonly variables: readonly Variable[];

  constructor(
    readonly outputDim: number,
    readonly contextDim: number,
    config: Omit<Extract<EstimatorConfig, { kind: 'coupling-flow' }>, 'kind'>,
    rng: Rng,
  ) {
    if (config.numTransforms < 1) throw new Error(`coupling flow: expected at least 1 transform, got ${config.numTransforms}`);
    this.config = { kind: 'coupling-flow', ...config };
    const d = outputDim;
    this.nets = Array.from(
      { length: config.numTransforms },
      (_, l) => new ResidualMlp(d + contextDim, config.hiddenWidth, 2 * d, config.numBlocks, rng, `flow${l}`, 0.05),
    );
    this.masks = Array.from({ length: config.numTransforms }, (_, l) => tf.tensor2d(couplingMask(d, l), [1, d]));
    this.variables = this.nets.flatMap((net) => net.variables);
  }

  /** (s, t) of transform l for the masked input, each [n, d] and already zero where the mask is 1. */
  private shiftAndLogScale(l: number, masked: Tensor2D, context: Tensor2D | { share: Tensor2D }): { logScale: Tensor2D; shift: Tensor2D } {
    const d = this.outputDim;
    const n = masked.shape[0];
    const net = this.nets[l]!;
    const out = 'share' in context ? net.applyWithShare(masked, context.share) : net.apply(tf.concat([masked, context], 1) as Tensor2D);
    const inverse = tf.sub(1, this.masks[l]!);
    const logScale = tf.mul(tf.mul(SCALE_BOUND, tf.tanh(tf.div(tf.slice(out, [0, 0], [n, d]), SCALE_BOUND))), inverse) as Tensor2D;
    const shift = tf.mul(tf.slice(out, [0, d], [n, d]), inverse) as Tensor2D;
    return { logScale, shift };
  }

  logProb(y: Tensor2D, context: Tensor2D): Tensor1D {
    return tf.tidy(() => {
      let x: Tensor2D = y;
      let logDet = tf.zeros([y.shape[0]]) as Tensor1D;
      // Data → base: undo the transforms from the last to the first.
      for (let l = this.nets.length - 1; l >= 0; l--) {
        const mask = this.masks[l]!;
        const masked = tf.mul(x, mask) as Tensor2D;
        const { logScale, shift } = this.shiftAndLogScale(l, masked, context);
        x = tf.add(masked, tf.mul(tf.mul(tf.sub(x, shift), tf.exp(tf.neg(logScale))), tf.sub(1, mask))) as Tensor2D;
        logDet = tf.sub(logDet, tf.sum(logScale, 1)) as Tensor1D;
      }
      return tf.add(logStandardNormal(x), logDet) as Tensor1D;
    });
  }

  fromBase(base: Tensor2D, contexts: Tensor2D): Tensor2D {
    return this.inverse(base, () => contexts);
  }

  contextShares(contexts: Tensor2D): Tensor2D[] {
    return this.nets.map((net) => net.inputShare(contexts, this.outputDim));
  }

  fromBaseWithShares(base: Tensor2D, shares: readonly Tensor2D[]): Tensor2D {
    return this.inverse(base, (l) => ({ share: shares[l]! }));
  }

  /** Base → data through every transform, each conditioned on `contextOf(l)`. */
  private inverse(base: Tensor2D, contextOf: (l: number) => Tensor2D | { share: Tensor2D }): Tensor2D {
    let z = base;
    for (let l = 0; l < this.nets.length; l++) {
      const mask = this.masks[l]!;
      const masked = tf.mul(z, mask) as Tensor2D;
      const { logScale, shift } = this.shiftAndLogScale(l, masked, contextOf(l));
      z = tf.add(masked, tf.mul(tf.add(tf.mul(z, tf.exp(logScale)), shift), tf.sub(1, mask))) as Tensor2D;
    }
    return z;
  }

  async sample(context: Tensor2D, numPerContext: number, rng: Rng): Promise<Float32Array> {
    return sampleFlow(context, numPerContext, this.outputDim, rng, (base, contexts) => this.fromBase(base, contexts));
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
    for (const mask of this.masks) mask.dispose();
  }
}
