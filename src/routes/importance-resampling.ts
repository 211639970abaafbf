import { logSumExp } from '../core/log-sum-exp';
import type { Rng } from '../core/rng';
import { PARETO_K_LIMIT } from '../core/limits';

/**
 * Sampling–importance–resampling (DESIGN.md §4, "Refinement"): M proposals θⱼ from g with
 * log target log π(θⱼ) + β·ŝ(θⱼ, x), weights wⱼ ∝ exp(log target − log g), self-normalised,
 * n resampled. The diagnostics are the ESS of the normalised weights and Pareto k̂ of their
 * upper tail (Vehtari, Simpson, Gelman, Yao & Gabry, "Pareto smoothed importance sampling",
 * JMLR 2024): k̂ > 0.7 means the weights' tail is too heavy for the estimate to be trusted.
 * Plain float64 on typed arrays; the networks that give log q and ŝ live elsewhere.
 */


/** Weights, their ESS and tail diagnostic, and the indices of the n resampled proposals. */
export interface ResampledSet {
  /** [n] indices into the proposals, ascending (systematic resampling). */
  readonly indices: Int32Array;
  /** [M] self-normalised weights. */
  readonly weights: Float64Array;
  /** 1 / Σ w̃ⱼ². */
  readonly ess: number;
  /** ESS / M. */
  readonly essFraction: number;
  /** Pareto k̂ of the largest weights. */
  readonly paretoK: number;
  /** k̂ ≤ PARETO_K_LIMIT and every weight finite. */
  readonly trustworthy: boolean;
}

/**
 * Resamples n of M proposals by their importance weights.
 * @param logTarget [M] log π(θⱼ) + β·ŝ(θⱼ, x) (unnormalised; −∞ allowed, NaN not)
 * @param logProposal [M] log g(θⱼ), the density the proposals were drawn from (finite)
 * @param n draws to keep
 * @param rng one uniform is used (systematic resampling: n evenly spaced points, one random offset)
 */
export function importanceResample(logTarget: Float64Array, logProposal: Float64Array, n: number, rng: Rng): ResampledSet {
  const m = logTarget.length;
  if (logProposal.length !== m || m < 2) throw new Error(`importance resampling: expected ≥ 2 proposals with as many target and proposal log-densities, got ${m} and ${logProposal.length}`);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`importance resampling: expected n ≥ 1 draws, got ${n}`);
  const logWeights = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const lw = logTarget[j]! - logProposal[j]!;
    if (Number.isNaN(lw) || lw === Number.POSITIVE_INFINITY || !Number.isFinite(logProposal[j]!)) {
      throw new Error(`importance resampling: expected finite log-densities, got target ${logTarget[j]} and proposal ${logProposal[j]} at proposal ${j}`);
    }
    logWeights[j] = lw;
  }
  const total = logSumExp(logWeights);
  if (total === Number.NEGATIVE_INFINITY) throw new Error('importance resampling: expected some proposal with positive target density, got none');
  const weights = Float64Array.from(logWeights, (lw) => Math.exp(lw - total));
  let sumSquares = 0;
  for (const w of weights) sumSquares += w * w;
  const ess = 1 / sumSquares;
  const paretoK = paretoKHat(logWeights);
  return { indices: systematicResample(weights, n, rng.uniform()), weights, ess, essFraction: ess / m, paretoK, trustworthy: paretoK <= PARETO_K_LIMIT };
}

/**
 * The density of the defensive mixture g = (1 − a)·q + a·π at each proposal, from log q and
 * log π there (the weights' denominator when proposals come from the mixture).
 * @param a the prior's share, in [0, 1)
 */
export function defensiveLogDensity(logQ: Float64Array, logPrior: Float64Array, a: number): Float64Array {
  if (!(a >= 0 && a < 1)) throw new Error(`defensive mixture: expected a prior share a in [0, 1), got ${a}`);
  if (logQ.length !== logPrior.length) throw new Error(`defensive mixture: expected as many log q as log π values, got ${logQ.length} and ${logPrior.length}`);
  if (a === 0) return Float64Array.from(logQ);
  const [logKeep, logShare] = [Math.log1p(-a), Math.log(a)];
  return Float64Array.from(logQ, (lq, j) => {
    const [u, v] = [logKeep + lq, logShare + logPrior[j]!];
    const high = Math.max(u, v);
    return high === Number.NEGATIVE_INFINITY ? high : high + Math.log1p(Math.exp(Math.min(u, v) - high));
  });
}

/**
 * n indices drawn in proportion to `weights` (normalised) by systematic resampling: the points
 * (offset + i) / n, i < n, against the weights' cumulative sums — lower variance than
 * multinomial resampling, and each proposal kept ⌊n wⱼ⌋ or ⌈n wⱼ⌉ times.
 */
export function systematicResample(weights: Float64Array, n: number, offset: number): Int32Array {
  const indices = new Int32Array(n);
  let cumulative = weights[0]!;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const point = (offset + i) / n;
    while (point > cumulative && j < weights.length - 1) cumulative += weights[++j]!;
    indices[i] = j;
  }
  return indices;
}

/**
 * Pareto k̂ of importance weights given as log weights: a generalized Pareto distribution fitted
 * to the M_tail = ⌈min(M/5, 3√M)⌉ largest weights above the next largest (the threshold), by
 * Zhang & Stephens' (2009) empirical-Bayes estimator with the weakly informative adjustment of
 * Vehtari et al. (k̂ ← (M_tail k̂ + 10·0.5) / (M_tail + 10)), as the loo package computes it.
 * For weights whose tail is Pareto with shape α, k̂ estimates 1/α.
 */
export function paretoKHat(logWeights: Float64Array): number {
  const m = logWeights.length;
  const tailLength = Math.ceil(Math.min(0.2 * m, 3 * Math.sqrt(m)));
  if (tailLength < 5) return Number.POSITIVE_INFINITY; // too few proposals to judge the tail
  const sorted = Float64Array.from(logWeights).sort();
  const max = sorted[m - 1]!;
  const cutoff = Math.exp(sorted[m - tailLength - 1]! - max);
  const exceedances = Float64Array.from(sorted.subarray(m - tailLength), (lw) => Math.exp(lw - max) - cutoff);
  if (exceedances[exceedances.length - 1]! <= 0) return 0; // a flat tail: all weights equal
  return generalizedParetoShape(exceedances);
}

/**
 * Zhang & Stephens' estimate of a generalized Pareto shape k from exceedances x (ascending, ≥ 0),
 * with the adjustment toward 0.5 for small samples (loo's `gpdfit` with wip = TRUE).
 */
function generalizedParetoShape(x: Float64Array): number {
  const n = x.length;
  const prior = 3;
  const gridSize = 30 + Math.floor(Math.sqrt(n));
  const firstQuartile = x[Math.floor(n / 4 + 0.5) - 1]!;
  const thetas = Float64Array.from({ length: gridSize }, (_, j) => 1 / x[n - 1]! + (1 - Math.sqrt(gridSize / (j + 1 - 0.5))) / prior / firstQuartile);
  // Profile log-likelihood of each θ: n (log(−θ / k) − k − 1) with k = mean log(1 − θ x).
  const logLikelihood = Float64Array.from(thetas, (theta) => {
    let k = 0;
    for (const value of x) k += Math.log1p(-theta * value);
    k /= n;
    return n * (Math.log(-theta / k) - k - 1);
  });
  const normaliser = logSumExp(logLikelihood.map((l) => (Number.isNaN(l) ? Number.NEGATIVE_INFINITY : l)));
  let thetaHat = 0;
  thetas.forEach((theta, j) => {
    const l = logLikelihood[j]!;
    if (!Number.isNaN(l)) thetaHat += theta * Math.exp(l - normaliser);
  });
  let k = 0;
  for (const value of x) k += Math.log1p(-thetaHat * value);
  k /= n;
  return (k * n + 10 * 0.5) / (n + 10);
}
