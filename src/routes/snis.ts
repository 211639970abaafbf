import { logSumExp } from '../core/log-sum-exp';

/** Points of the log-β table of S_β (DESIGN.md §4: e.g. 1 401). */
export const LOG_BETA_GRID_SIZE = 1401;

/**
 * Self-normalised importance weights for the power posterior (paper eqs. 9–11, DESIGN.md §4).
 * With per-example scores sᵢ (log p̂(xᵢ|θᵢ) for NLE, the classifier's logit for NRE), the weight
 * of example i at β is w̃ᵢ(β) = exp((β − 1) sᵢ − S_β), with ONE normaliser over the whole set,
 * S_β = logsumexp_i((β − 1) sᵢ) — never per minibatch, which biases the loss (paper Prop. B.2).
 *
 * S_β is tabulated once on a fine log-β grid with its exact slope dS/dlog β = β Σ w̃ᵢ sᵢ, and
 * read by cubic Hermite interpolation, so β can be drawn continuously at negligible cost. The
 * error grows with the scores' spread: below 1e−6 on the default grid up to a standard deviation
 * of about 100 (every task's scores here; tested against the exact sum), 7e−5 at 300.
 */
export class SnisWeights {
  /** [N] the scores, float64. */
  readonly scores: Float64Array;
  private readonly logBetas: Float64Array;
  private readonly table: Float64Array;
  private readonly slopes: Float64Array;

  /**
   * @param scores [N] finite per-example scores (NaN or ±∞ is an error naming the example)
   * @param betaDomain [low, high] the β range the table covers (β outside is an error)
   */
  constructor(
    scores: ArrayLike<number>,
    readonly betaDomain: readonly [number, number],
    gridSize = LOG_BETA_GRID_SIZE,
  ) {
    if (scores.length === 0) throw new Error('SNIS scores: expected at least one score, got none');
    const bad = Array.prototype.findIndex.call(scores, (value: number) => !Number.isFinite(value));
    if (bad >= 0) throw new Error(`SNIS scores: expected finite numbers, got ${scores[bad]} for example ${bad}`);
    const [low, high] = betaDomain;
    if (!(low > 0 && high > low)) throw new Error(`SNIS β domain: expected 0 < low < high, got [${low}, ${high}]`);
    this.scores = Float64Array.from(scores);
    this.logBetas = Float64Array.from({ length: gridSize }, (_, k) => Math.log(low) + (k / (gridSize - 1)) * Math.log(high / low));
    this.table = new Float64Array(gridSize);
    this.slopes = new Float64Array(gridSize);
    this.logBetas.forEach((logBeta, k) => {
      const beta = Math.exp(logBeta);
      const { logNormalizer, meanScore } = this.exact(beta);
      this.table[k] = logNormalizer;
      this.slopes[k] = beta * meanScore;
    });
  }

  /** S_β and the weighted mean score Σ w̃ᵢ sᵢ, by direct float64 sums. */
  private exact(beta: number): { logNormalizer: number; meanScore: number } {
    const logWeights = this.scores.map((s) => (beta - 1) * s);
    const logNormalizer = logSumExp(logWeights);
    let meanScore = 0;
    for (let i = 0; i < logWeights.length; i++) meanScore += Math.exp(logWeights[i]! - logNormalizer) * this.scores[i]!;
    return { logNormalizer, meanScore };
  }

  /** S_β by direct summation over all N (the reference the table is checked against). */
  exactLogNormalizer(beta: number): number {
    return this.exact(beta).logNormalizer;
  }

  private checkBeta(beta: number): void {
    const [low, high] = this.betaDomain;
    if (!(beta >= low * (1 - 1e-12) && beta <= high * (1 + 1e-12))) {
      throw new Error(`SNIS β: expected a number in [${low}, ${high}], got ${beta}`);
    }
  }

  /** S_β from the table (cubic Hermite in log β). */
  logNormalizer(beta: number): number {
    this.checkBeta(beta);
    const logBeta = Math.log(beta);
    const last = this.logBetas.length - 1;
    const step = (this.logBetas[last]! - this.logBetas[0]!) / last;
    const k = Math.min(last - 1, Math.max(0, Math.floor((logBeta - this.logBetas[0]!) / step)));
    const t = (logBeta - this.logBetas[k]!) / step;
    const [p0, p1] = [this.table[k]!, this.table[k + 1]!];
    const [m0, m1] = [this.slopes[k]! * step, this.slopes[k + 1]! * step];
    const t2 = t * t;
    const t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1;
  }

  /** w̃ᵢ(β) for one example. */
  weight(i: number, beta: number): number {
    return Math.exp((beta - 1) * this.scores[i]! - this.logNormalizer(beta));
  }

  /** [N] all normalised weights at β (they sum to 1). */
  weights(beta: number): Float64Array {
    const logNormalizer = this.logNormalizer(beta);
    return this.scores.map((s) => Math.exp((beta - 1) * s - logNormalizer));
  }

  /** ESS(β) = 1 / Σ w̃ᵢ(β)², computed exactly: N at β = 1, collapsing toward 1 far from it. */
  ess(beta: number): number {
    this.checkBeta(beta);
    return exactEss(this.scores, beta);
  }

  /**
   * ESS(β)/N on a log-spaced grid of `numPoints` β over the domain (for the model card and the
   * page): 141 points are 2 % apart on [0.1, 1.5], fine enough to follow the curve's drop near
   * β = 1 when learned scores are spread (Lorenz-96's). Cards made before held 57 (5 % apart).
   */
  essCurve(numPoints = ESS_CURVE_POINTS): { betas: number[]; essFraction: number[] } {
    return essFractionCurve(this.scores, this.betaDomain, numPoints);
  }
}

/** Points of an ESS(β)/N curve: 2 % apart in β on [0.1, 1.5]. */
export const ESS_CURVE_POINTS = 141;

/** ESS(β) = 1 / Σ w̃ᵢ(β)² of finite scores by direct float64 sums (no S_β table needed). */
function exactEss(scores: Float64Array, beta: number): number {
  const logNormalizer = logSumExp(scores.map((s) => (beta - 1) * s));
  let sumSquares = 0;
  for (const s of scores) sumSquares += Math.exp(2 * ((beta - 1) * s - logNormalizer));
  // ESS ≤ N exactly; rounding in the sum can put 1/Σw̃² a few ulps above N at β = 1.
  return Math.min(scores.length, 1 / sumSquares);
}

/**
 * ESS(β)/N on `numPoints` log-spaced β over `betaDomain`, exactly, from scores alone — what
 * `SnisWeights.essCurve` gives without building S_β's table (the oracle curves use it).
 * Non-finite scores are an Error naming the example.
 */
export function essFractionCurve(scores: Float64Array, betaDomain: readonly [number, number], numPoints = ESS_CURVE_POINTS): { betas: number[]; essFraction: number[] } {
  const bad = scores.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new Error(`ESS scores: expected finite numbers, got ${scores[bad]} for example ${bad}`);
  const [low, high] = betaDomain;
  const betas = Array.from({ length: numPoints }, (_, k) => low * (high / low) ** (k / (numPoints - 1)));
  return { betas, essFraction: betas.map((beta) => exactEss(scores, beta) / scores.length) };
}

/** ESS(β)/N computed exactly (over all N weights) at each β. */
export function essAt(weights: SnisWeights, betas: readonly number[]): { betas: number[]; essFraction: number[] } {
  return { betas: [...betas], essFraction: betas.map((beta) => weights.ess(beta) / weights.scores.length) };
}


/**
 * The per-example weight column of the Route B loss: N·w̃ᵢ(βᵢ), so that the mean over a
 * minibatch B of weightᵢ·(−log q) is (N/|B|) Σ_{i∈B} w̃ᵢ(βᵢ)(−log q) — an unbiased estimate
 * of the full weighted loss Σᵢ w̃ᵢ(βᵢ)(−log q) (paper Prop. B.2).
 * @param betas [N] the β drawn for each example this epoch
 */
export function exampleWeights(snis: SnisWeights, betas: ArrayLike<number>): Float32Array {
  const n = snis.scores.length;
  if (betas.length !== n) throw new Error(`SNIS example weights: expected ${n} β values, got ${betas.length}`);
  return Float32Array.from({ length: n }, (_, i) => n * snis.weight(i, betas[i] as number));
}
