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
 * A mixture density network picks a component per draw, so its draws jump between β: then
 * `continuous` is false and every β is drawn by `model.sample` with the same seed.
 */
export class BetaPath {
  /** True when draw i moves continuously with β (a flow); false for an MDN. */
  readonly continuous: boolean;
  private readonly embedded: Tensor2D;
  private readonly base: Tensor2D | null;

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
    const fromBase = this.model.estimator.fromBase!.bind(this.model.estimator);
    const z = tf.tidy(() => {
      const m = betas.length;
      const width = this.embedded.shape[1];
      const logBetas = tf.tensor2d(Float32Array.from(betas, (beta) => Math.log(beta)), [m, 1]);
      const perBeta = tf.concat([tf.tile(this.embedded, [m, 1]), logBetas], 1);
      const contexts = tf.reshape(tf.tile(tf.expandDims(perBeta, 1), [1, n, 1]), [m * n, width + 1]) as Tensor2D;
      return fromBase(tf.tile(base, [m, 1]) as Tensor2D, contexts);
    });
    try {
      return fromEstimatorSpace(this.model.spec.output, await z.data(), d);
    } finally {
      z.dispose();
    }
  }

  /** Tensors this path holds until disposed (the embedded context and the base noise). */
  get numTensors(): number {
    return this.base ? 2 : 1;
  }

  dispose(): void {
    this.embedded.dispose();
    this.base?.dispose();
  }
}
