import { Rng } from '../core/rng';
import type { ConditionalDensity } from './conditional-density';
import { type Tensor2D, tf } from './tf';
import { fromEstimatorSpace } from './transforms';

/**
 * q(θ | x, β)'s draws along β for one observation, from one set of base noise: what depends on
 * x alone (the encoded and embedded context) is computed once, and each call pushes the same
 * noise through the flow at the β values asked for. Draw i at β is then a continuous path θᵢ(β),
 * and its value at any β equals `model.sample(x, n, Rng.fromSeed(seed), β)` draw i (the noise is
 * drawn in the same order), so a page can morph between rungs and land on the exact draws.
 * The conditioners' first layers see [embed(x), log β]; their share of it is split by linearity
 * into an x part computed once per path and a log β part per rung (see `xShares`).
 * A mixture density network picks a component per draw, so its draws jump between β: then
 * `continuous` is false and every β is drawn by `model.sample` with the same seed.
 */
export class BetaPath {
  /** True when draw i moves continuously with β (a flow); false for an MDN. */
  readonly continuous: boolean;
  private readonly embedded: Tensor2D;
  private readonly base: Tensor2D | null;
  /**
   * Per transform, the conditioner's first-layer share of the context [embed(x), log β], split by
   * its linearity into the x part (embed(x)·W_x + b, computed once here) and the log β column
   * (W_β), so a rung's share is `xShares[l] + log β · betaShares[l]`; null when the estimator
   * cannot take shares.
   */
  private readonly xShares: Tensor2D[] | null = null;
  private readonly betaShares: Tensor2D[] | null = null;

  /**
   * @param context [contextDim] the raw observation in network form (integer columns dequantised)
   * @param numDraws draws per β
   */
  constructor(
    private readonly model: ConditionalDensity,
    private readonly context: ArrayLike<number>,
    readonly numDraws: number,
    private readonly seed: number,
  ) {
    if (!model.spec.conditionOnBeta) throw new Error('β path: expected a β-conditioned posterior q(θ | x, β), got a model without β');
    this.continuous = model.estimator.fromBase !== undefined;
    const encoded = model.encodeOneContext(context);
    this.embedded = tf.tidy(() => model.embed(tf.tensor2d(encoded, [1, encoded.length])));
    if (this.continuous) {
      const rng = Rng.fromSeed(seed);
      const d = model.spec.outputDim;
      // The same order as sampleFlow draws its noise, so draws equal model.sample's.
      this.base = tf.tensor2d(Float32Array.from({ length: numDraws * d }, () => rng.normal()), [numDraws, d]);
    } else {
      this.base = null;
    }
    const estimator = model.estimator;
    if (this.continuous && estimator.contextShares && estimator.fromBaseWithShares) {
      const shares = tf.tidy(() => {
        const width = this.embedded.shape[1];
        const ofContext = (context: Tensor2D) => estimator.contextShares!(context);
        const atZeroBeta = ofContext(tf.concat([this.embedded, tf.zeros([1, 1])], 1) as Tensor2D);
        const atOrigin = ofContext(tf.zeros([1, width + 1]) as Tensor2D);
        const atUnitBeta = ofContext(tf.concat([tf.zeros([1, width]), tf.ones([1, 1])], 1) as Tensor2D);
        return { x: atZeroBeta, beta: atUnitBeta.map((share, l) => tf.sub(share, atOrigin[l]!) as Tensor2D) };
      });
      this.xShares = shares.x;
      this.betaShares = shares.beta;
    }
  }

  /**
   * The draws at each β, β after β.
   * @returns [betas.length, numDraws, thetaDim] row-major, raw θ (inside the box for a box prior)
   */
  async drawAt(betas: readonly number[]): Promise<Float64Array> {
    const n = this.numDraws;
    const d = this.model.spec.outputDim;
    if (!this.base) {
      const out = new Float64Array(betas.length * n * d);
      for (const [k, beta] of betas.entries()) out.set(await this.model.sample(this.context, n, Rng.fromSeed(this.seed), beta), k * n * d);
      return out;
    }
    const base = this.base;
    const estimator = this.model.estimator;
    const z = tf.tidy(() => {
      const m = betas.length;
      const logBetas = tf.tensor2d(Float32Array.from(betas, (beta) => Math.log(beta)), [m, 1]);
      /** Rows of one β together: [m, w] → [m · n, w]. */
      const perRow = (perBeta: Tensor2D) => tf.reshape(tf.tile(tf.expandDims(perBeta, 1), [1, n, 1]), [m * n, perBeta.shape[1]]) as Tensor2D;
      const bases = tf.tile(base, [m, 1]) as Tensor2D;
      if (this.xShares && this.betaShares) {
        // One share row per rung, broadcast over its n rows inside the conditioner.
        const shares = this.xShares.map((share, l) => tf.add(share, tf.mul(logBetas, this.betaShares![l]!)) as Tensor2D);
        return estimator.fromBaseWithShares!(bases, shares);
      }
      const perBeta = tf.concat([tf.tile(this.embedded, [m, 1]), logBetas], 1) as Tensor2D;
      return estimator.fromBase!(bases, perRow(perBeta));
    });
    try {
      return fromEstimatorSpace(this.model.spec.output, await z.data(), d);
    } finally {
      z.dispose();
    }
  }

  /** Tensors this path holds until disposed (the embedded context, the base noise, the shares). */
  get numTensors(): number {
    return 1 + (this.base ? 1 : 0) + (this.xShares?.length ?? 0) + (this.betaShares?.length ?? 0);
  }

  dispose(): void {
    this.embedded.dispose();
    this.base?.dispose();
    this.xShares?.forEach((share) => share.dispose());
    this.betaShares?.forEach((share) => share.dispose());
  }
}
