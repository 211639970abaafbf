import type { Rng } from '../core/rng';
import { Dense, makeVariable, type Module } from './dense';
import { type Tensor2D, tf, type Variable } from './tf';

/** Width of every embedding and of the head, and residual blocks per tower (DESIGN.md §4, paper App. A.1). */
export const SCORE_NETWORK_DEFAULTS = { width: 128, numBlocks: 3 } as const;

/** SiLU, x·sigmoid(x): smooth, so the learned score field is smooth too. */
function silu(x: Tensor2D): Tensor2D {
  return tf.mul(x, tf.sigmoid(x)) as Tensor2D;
}

/** Layer normalisation over the features of each row, with a learned gain and shift. */
class LayerNorm implements Module {
  private readonly gain: Variable;
  private readonly shift: Variable;
  readonly variables: readonly Variable[];

  constructor(width: number, label: string) {
    this.gain = makeVariable(new Float32Array(width).fill(1), [width], `${label}_gain`);
    this.shift = makeVariable(new Float32Array(width), [width], `${label}_shift`);
    this.variables = [this.gain, this.shift];
  }

  /** @param h [n, width] */
  apply(h: Tensor2D): Tensor2D {
    const { mean, variance } = tf.moments(h, 1, true);
    return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5))), this.gain), this.shift) as Tensor2D;
  }
}

/** h ← LayerNorm(h + W₂ SiLU(W₁ h)). */
class ResidualBlock implements Module {
  private readonly first: Dense;
  private readonly second: Dense;
  private readonly norm: LayerNorm;
  readonly variables: readonly Variable[];

  constructor(width: number, rng: Rng, label: string) {
    this.first = new Dense(width, width, rng, `${label}_a`);
    this.second = new Dense(width, width, rng, `${label}_b`, 0.5);
    this.norm = new LayerNorm(width, `${label}_norm`);
    this.variables = [...this.first.variables, ...this.second.variables, ...this.norm.variables];
  }

  apply(h: Tensor2D): Tensor2D {
    return this.norm.apply(tf.add(h, this.second.apply(silu(this.first.apply(h)))) as Tensor2D);
  }
}

/** Input projection to `width`, then `numBlocks` residual blocks with LayerNorm after each. */
class ResidualTower implements Module {
  private readonly input: Dense;
  private readonly blocks: ResidualBlock[];
  readonly variables: readonly Variable[];

  constructor(inputDim: number, width: number, numBlocks: number, rng: Rng, label: string) {
    this.input = new Dense(inputDim, width, rng, `${label}_in`);
    this.blocks = Array.from({ length: numBlocks }, (_, b) => new ResidualBlock(width, rng, `${label}_b${b}`));
    this.variables = [this.input, ...this.blocks].flatMap((layer) => layer.variables);
  }

  apply(input: Tensor2D): Tensor2D {
    return this.blocks.reduce((h, block) => block.apply(h), this.input.apply(input));
  }
}

/** Shapes of a joint score network. */
export interface ScoreNetworkSpec {
  readonly thetaDim: number;
  readonly xDim: number;
  /** Default 128 (DESIGN.md); tests use smaller networks. */
  readonly width?: number;
  /** Residual blocks per tower; default 3. */
  readonly numBlocks?: number;
}

/**
 * The joint score network s_ψ(θ, x, σ) of Route A (DESIGN.md §4, paper App. A.1), on z-scored
 * (θ, x): a θ-embedding and an x-embedding (each a width-128 MLP with 3 residual blocks and
 * LayerNorm after each block), a log σ embedding (a 2-layer width-128 MLP), concatenated and
 * mapped by a residual MLP of the same kind to f ∈ ℝ^{dθ+dx}. The score is s = f/σ, so the
 * σ²-weighted denoising loss ‖σ s_ψ(y + σε, σ) + ε‖² is ‖f + ε‖², equally scaled at every σ.
 */
export class ScoreNetwork implements Module {
  private readonly thetaEmbedding: ResidualTower;
  private readonly xEmbedding: ResidualTower;
  private readonly sigmaEmbedding: [Dense, Dense];
  private readonly head: ResidualTower;
  private readonly output: Dense;
  readonly variables: readonly Variable[];

  constructor(
    readonly spec: ScoreNetworkSpec,
    rng: Rng,
  ) {
    const { width, numBlocks } = { ...SCORE_NETWORK_DEFAULTS, ...spec };
    this.thetaEmbedding = new ResidualTower(spec.thetaDim, width, numBlocks, rng, 'score_theta');
    this.xEmbedding = new ResidualTower(spec.xDim, width, numBlocks, rng, 'score_x');
    this.sigmaEmbedding = [new Dense(1, width, rng, 'score_sigma_a'), new Dense(width, width, rng, 'score_sigma_b')];
    this.head = new ResidualTower(3 * width, width, numBlocks, rng, 'score_head');
    this.output = new Dense(width, spec.thetaDim + spec.xDim, rng, 'score_out', 0.1);
    this.variables = [this.thetaEmbedding, this.xEmbedding, ...this.sigmaEmbedding, this.head, this.output].flatMap((layer) => layer.variables);
  }

  /**
   * σ·s_ψ(y, σ): the network's raw output, which the denoising loss compares with −ε.
   * @param y [n, dθ + dx] z-scored joint values (θ columns first)
   * @param logSigma [n, 1] log σ per row
   * @returns [n, dθ + dx]
   */
  scaledScore(y: Tensor2D, logSigma: Tensor2D): Tensor2D {
    const { thetaDim, xDim } = this.spec;
    const n = y.shape[0];
    const theta = this.thetaEmbedding.apply(tf.slice(y, [0, 0], [n, thetaDim]));
    const x = this.xEmbedding.apply(tf.slice(y, [0, thetaDim], [n, xDim]));
    const sigma = this.sigmaEmbedding[1].apply(silu(this.sigmaEmbedding[0].apply(logSigma)));
    const h = this.head.apply(tf.concat([theta, x, sigma], 1));
    return this.output.apply(silu(h));
  }

  /** s_ψ(y, σ) = scaledScore/σ. @param y [n, dθ + dx] @returns [n, dθ + dx] */
  score(y: Tensor2D, sigma: number): Tensor2D {
    return tf.tidy(() => tf.div(this.scaledScore(y, tf.fill([y.shape[0], 1], Math.log(sigma))), sigma) as Tensor2D);
  }

  /**
   * The denoising score-matching loss of a batch (paper Alg. 2 l. 4, σ²-weighted as DESIGN.md
   * §4 fixes): mean over rows of ‖σ s_ψ(y + σε, σ) + ε‖².
   * @param y [n, D] clean z-scored pairs @param noise [n, D] ε @param logSigma [n, 1]
   */
  loss(y: Tensor2D, noise: Tensor2D, logSigma: Tensor2D): tf.Scalar {
    const noised = tf.add(y, tf.mul(noise, tf.exp(logSigma))) as Tensor2D;
    return tf.mean(tf.sum(tf.square(tf.add(this.scaledScore(noised, logSigma), noise)), 1));
  }

  dispose(): void {
    this.variables.forEach((variable) => variable.dispose());
  }
}

/** The noise ladder σ_t = √γ_t, γ geometric from γ_min to γ_max with T levels (DESIGN.md §4). */
export function noiseLadder(levels = 10, gammaMin = 0.01, gammaMax = 1): number[] {
  if (!(Number.isInteger(levels) && levels >= 2 && gammaMin > 0 && gammaMax > gammaMin)) {
    throw new Error(`noise ladder: expected ≥ 2 levels and 0 < γ_min < γ_max, got ${levels} levels, [${gammaMin}, ${gammaMax}]`);
  }
  return Array.from({ length: levels }, (_, t) => Math.sqrt(gammaMin * (gammaMax / gammaMin) ** (t / (levels - 1))));
}
