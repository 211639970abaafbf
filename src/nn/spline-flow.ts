import type { Rng } from '../core/rng';
import { couplingMask } from './coupling-flow';
import { ResidualMlp } from './dense';
import { LinearMixing } from './linear-mixing';
import type { ConditionalDensityEstimator, EstimatorConfig } from './estimator';
import { logStandardNormal, sampleFlow } from './flow-base';
import { type Tensor1D, type Tensor2D, type Tensor, tf, type Variable } from './tf';

const MIN_BIN = 1e-3;
const MIN_DERIVATIVE = 1e-3;

type SplineConfig = Extract<EstimatorConfig, { kind: 'spline-flow' }>;

/** A spline's knots and slopes for each row and dimension, all [n, d, K] (derivatives [n, d, K+1]). */
interface SplineParams {
  readonly xLeft: Tensor;
  readonly widths: Tensor;
  readonly yLeft: Tensor;
  readonly heights: Tensor;
  readonly derivatives: Tensor;
}

/**
 * A conditional neural spline flow (Durkan et al. 2019): coupling layers whose transformed
 * coordinates pass through monotone rational-quadratic splines with K bins on [−B, B] (identity
 * outside), the bins' widths, heights and knot slopes given by an MLP of [m⊙z, context]. Bins are
 * selected with one-hot masks — no gather, which the wasm backend cannot differentiate — and the
 * inverse (for sampling) solves the bin's quadratic in closed form. Masks alternate as in
 * the affine coupling flow.
 */
export class SplineFlow implements ConditionalDensityEstimator {
  readonly config: SplineConfig;
  private readonly nets: ResidualMlp[];
  private readonly masks: Tensor2D[];
  /** After coupling layer l (data → base), when the config asks for them. */
  private readonly mixing: LinearMixing[];
  readonly variables: readonly Variable[];

  constructor(
    readonly outputDim: number,
    readonly contextDim: number,
    config: Omit<SplineConfig, 'kind'>,
    rng: Rng,
  ) {
    this.config = { kind: 'spline-flow', ...config };
    const d = outputDim;
    const perDim = 3 * config.numBins - 1;
    this.nets = Array.from({ length: config.numTransforms }, (_, l) => new ResidualMlp(d + contextDim, config.hiddenWidth, d * perDim, config.numBlocks, rng, `spline${l}`, 0.05));
    this.masks = Array.from({ length: config.numTransforms }, (_, l) => tf.tensor2d(couplingMask(d, l), [1, d]));
    this.mixing = config.linearMixing && d > 1 ? Array.from({ length: config.numTransforms }, (_, l) => new LinearMixing(d, `mix${l}`)) : [];
    this.variables = [...this.nets.flatMap((net) => net.variables), ...this.mixing.flatMap((layer) => layer.variables)];
  }

  /** Conditioner l's output for the masked input and its context, given as the context or as its first-layer share. */
  private conditioner(l: number, masked: Tensor2D, context: Tensor2D | { share: Tensor2D }): Tensor2D {
    const net = this.nets[l]!;
    return 'share' in context ? net.applyWithShare(masked, context.share) : net.apply(tf.concat([masked, context], 1) as Tensor2D);
  }

  private params(l: number, masked: Tensor2D, context: Tensor2D | { share: Tensor2D }): SplineParams {
    const { numBins: k, tailBound: b } = this.config;
    const n = masked.shape[0];
    const d = this.outputDim;
    const raw = tf.reshape(this.conditioner(l, masked, context), [n, d, 3 * k - 1]);
    const bins = (offset: number) => {
      const share = tf.add(MIN_BIN, tf.mul(1 - MIN_BIN * k, tf.softmax(tf.slice(raw, [0, 0, offset], [n, d, k]))));
      const sizes = tf.mul(2 * b, share);
      return { sizes, left: tf.sub(tf.cumsum(sizes, 2, true), b) };
    };
    const x = bins(0);
    const y = bins(k);
    const inner = tf.add(MIN_DERIVATIVE, tf.softplus(tf.slice(raw, [0, 0, 2 * k], [n, d, k - 1])));
    const ones = tf.ones([n, d, 1]);
    return { xLeft: x.left, widths: x.sizes, yLeft: y.left, heights: y.sizes, derivatives: tf.concat([ones, inner, ones], 2) };
  }

  /**
   * One-hot [n, d, K] of the bin holding each value (clipped inside (−B, B)), built from step
   * functions (their gradient is zero, where comparisons have none in tfjs). Bins are bounded by
   * their left edges only, the last one open to the right, so every value lands in exactly one
   * bin even when float32 rounding leaves the summed widths a hair short of 2B — a value in no bin
   * would give 0/0 and a NaN loss.
   */
  private binMask(values: Tensor2D, left: Tensor): Tensor {
    const b = this.config.tailBound;
    const [n, d, k] = [left.shape[0]!, left.shape[1]!, left.shape[2]!];
    const v = tf.expandDims(tf.clipByValue(values, -b * (1 - 1e-4), b * (1 - 1e-4)), 2);
    const nextLeft = tf.concat([tf.slice(left, [0, 0, 1], [n, d, k - 1]), tf.fill([n, d, 1], 1e9)], 2);
    return tf.mul(tf.step(tf.sub(v, left)), tf.sub(1, tf.step(tf.sub(v, nextLeft))));
  }

  /** 1 where a transformed coordinate lies inside (−B, B) (the spline acts), 0 elsewhere. */
  private insideMask(values: Tensor2D, mask: Tensor2D): Tensor2D {
    const b = this.config.tailBound;
    return tf.mul(tf.mul(tf.step(tf.add(values, b)), tf.step(tf.sub(b, values))), tf.sub(1, mask)) as Tensor2D;
  }

  /** Σ over bins of mask ⊙ values: the selected bin's value, [n, d]. */
  private pick(mask: Tensor, values: Tensor): Tensor2D {
    return tf.sum(tf.mul(mask, values), 2) as Tensor2D;
  }

  private slopes(mask: Tensor, derivatives: Tensor): { dLeft: Tensor2D; dRight: Tensor2D } {
    const k = this.config.numBins;
    const [n, d] = [mask.shape[0]!, mask.shape[1]!];
    return {
      dLeft: this.pick(mask, tf.slice(derivatives, [0, 0, 0], [n, d, k])),
      dRight: this.pick(mask, tf.slice(derivatives, [0, 0, 1], [n, d, k])),
    };
  }

  /** Data → base through transform l: returns z and log|dz/dx| per row. */
  private forward(l: number, x: Tensor2D, context: Tensor2D): { z: Tensor2D; logDet: Tensor1D } {
    const mask = this.masks[l]!;
    const masked = tf.mul(x, mask) as Tensor2D;
    const p = this.params(l, masked, context);
    const bin = this.binMask(x, p.xLeft);
    const [xk, wk, yk, hk] = [p.xLeft, p.widths, p.yLeft, p.heights].map((values) => this.pick(bin, values)) as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
    const { dLeft, dRight } = this.slopes(bin, p.derivatives);
    const s = tf.div(hk, wk);
    const xi = tf.clipByValue(tf.div(tf.sub(x, xk), wk), 0, 1);
    const xi1 = tf.mul(xi, tf.sub(1, xi));
    const denominator = tf.add(s, tf.mul(tf.sub(tf.add(dRight, dLeft), tf.mul(2, s)), xi1));
    const y = tf.add(yk, tf.div(tf.mul(hk, tf.add(tf.mul(s, tf.square(xi)), tf.mul(dLeft, xi1))), denominator));
    const derivative = tf.div(
      tf.mul(tf.square(s), tf.add(tf.add(tf.mul(dRight, tf.square(xi)), tf.mul(tf.mul(2, s), xi1)), tf.mul(dLeft, tf.square(tf.sub(1, xi))))),
      tf.square(denominator),
    );
    const inside = this.insideMask(x, mask);
    const z = tf.add(tf.mul(inside, y), tf.mul(tf.sub(1, inside), x)) as Tensor2D;
    const logDet = tf.sum(tf.mul(inside, tf.log(derivative)), 1) as Tensor1D;
    return { z, logDet };
  }

  /** Base → data through transform l (the inverse), by the bin's quadratic. */
  private inverse(l: number, z: Tensor2D, context: Tensor2D | { share: Tensor2D }): Tensor2D {
    const mask = this.masks[l]!;
    const masked = tf.mul(z, mask) as Tensor2D;
    const p = this.params(l, masked, context);
    const bin = this.binMask(z, p.yLeft);
    const [xk, wk, yk, hk] = [p.xLeft, p.widths, p.yLeft, p.heights].map((values) => this.pick(bin, values)) as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
    const { dLeft, dRight } = this.slopes(bin, p.derivatives);
    const s = tf.div(hk, wk);
    const dy = tf.sub(z, yk);
    const curvature = tf.sub(tf.add(dRight, dLeft), tf.mul(2, s));
    const a = tf.add(tf.mul(hk, tf.sub(s, dLeft)), tf.mul(dy, curvature));
    const bq = tf.sub(tf.mul(hk, dLeft), tf.mul(dy, curvature));
    const c = tf.neg(tf.mul(s, dy));
    const root = tf.sqrt(tf.relu(tf.sub(tf.square(bq), tf.mul(4, tf.mul(a, c)))));
    const xi = tf.div(tf.mul(2, c), tf.sub(tf.neg(bq), root));
    const x = tf.add(tf.mul(tf.clipByValue(xi, 0, 1), wk), xk);
    const inside = this.insideMask(z, mask);
    return tf.add(tf.mul(inside, x), tf.mul(tf.sub(1, inside), z)) as Tensor2D;
  }

  logProb(y: Tensor2D, context: Tensor2D): Tensor1D {
    return tf.tidy(() => {
      let x: Tensor2D = y;
      let logDet = tf.zeros([y.shape[0]]) as Tensor1D;
      for (let l = this.nets.length - 1; l >= 0; l--) {
        const step = this.forward(l, x, context);
        x = step.z;
        logDet = tf.add(logDet, step.logDet) as Tensor1D;
        const mixing = this.mixing[l];
        if (mixing) {
          const mixed = mixing.forward(x);
          x = mixed.u;
          logDet = tf.add(logDet, tf.reshape(mixed.logDet, [1])) as Tensor1D;
        }
      }
      return tf.add(logStandardNormal(x), logDet) as Tensor1D;
    });
  }

  fromBase(base: Tensor2D, contexts: Tensor2D): Tensor2D {
    let z = base;
    for (let l = 0; l < this.nets.length; l++) z = this.inverse(l, this.unmix(l, z), contexts);
    return z;
  }

  contextShares(contexts: Tensor2D): Tensor2D[] {
    return this.nets.map((net) => net.inputShare(contexts, this.outputDim));
  }

  fromBaseWithShares(base: Tensor2D, shares: readonly Tensor2D[]): Tensor2D {
    let z = base;
    for (let l = 0; l < this.nets.length; l++) z = this.inverse(l, this.unmix(l, z), { share: shares[l]! });
    return z;
  }

  /** Undoes mixing layer l (base → data), when there is one. */
  private unmix(l: number, z: Tensor2D): Tensor2D {
    return this.mixing[l]?.inverse(z) ?? z;
  }

  async sample(context: Tensor2D, numPerContext: number, rng: Rng): Promise<Float32Array> {
    return sampleFlow(context, numPerContext, this.outputDim, rng, (base, contexts) => this.fromBase(base, contexts));
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
    for (const mask of this.masks) mask.dispose();
    for (const layer of this.mixing) layer.dispose();
  }
}
