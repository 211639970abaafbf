import type { Rng } from '../core/rng';

/**
 * Calibration of a posterior across data sets (DESIGN.md §5, "Expected coverage"; issue 20).
 * For data set k with true θ*ₖ and M draws θ from q(θ | xₖ, β):
 *   rₖ = #{draws with log q(θ) > log q(θ*ₖ)} / M,
 * the smallest highest-density level whose region holds θ*ₖ; the expected coverage at level α is
 * the fraction of data sets with rₖ ≤ α. For the exact posterior at β = 1 it is α (the
 * diagonal); a wider posterior (β < 1) covers more (above it), a narrower one less (below).
 */

/**
 * rₖ of one data set. @param logDensityOfTruth log q(θ*ₖ | xₖ, β) @param logDensityOfDraws [M] log q of the draws
 */
export function highestDensityRank(logDensityOfTruth: number, logDensityOfDraws: ArrayLike<number>): number {
  if (Number.isNaN(logDensityOfTruth)) throw new Error('coverage: expected a log-density of the true θ, got NaN');
  const m = logDensityOfDraws.length;
  if (m === 0) throw new Error('coverage: expected at least one draw, got none');
  let above = 0;
  for (let j = 0; j < m; j++) {
    const value = logDensityOfDraws[j]!;
    if (Number.isNaN(value)) throw new Error(`coverage: expected log-densities of the draws, got NaN at draw ${j}`);
    if (value > logDensityOfTruth) above++;
  }
  return above / m;
}

/** The fraction of data sets whose rank is at most each level. @param ranks [K] @param levels in (0, 1) */
export function expectedCoverage(ranks: ArrayLike<number>, levels: readonly number[]): number[] {
  if (ranks.length === 0) throw new Error('coverage: expected at least one data set, got none');
  return levels.map((level) => {
    let inside = 0;
    for (let k = 0; k < ranks.length; k++) if (ranks[k]! <= level) inside++;
    return inside / ranks.length;
  });
}

/** The levels of the coverage curve: 0.05, 0.10, …, 0.95. */
export const COVERAGE_LEVELS: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

/**
 * Simulation-based calibration ranks (Talts et al. 2018): per parameter d, the number of draws
 * below θ*_d (0…M). Uniform over 0…M when q is the exact posterior at β = 1.
 * @param truth [thetaDim] @param draws [M, thetaDim] @returns [thetaDim]
 */
export function sbcRanks(truth: ArrayLike<number>, draws: ArrayLike<number>, thetaDim: number): number[] {
  const m = draws.length / thetaDim;
  if (!Number.isInteger(m) || truth.length !== thetaDim) throw new Error(`SBC ranks: expected θ* of ${thetaDim} and draws [M, ${thetaDim}], got θ* of ${truth.length} and ${draws.length} values`);
  return Array.from({ length: thetaDim }, (_, d) => {
    let below = 0;
    for (let j = 0; j < m; j++) if (draws[j * thetaDim + d]! < truth[d]!) below++;
    return below;
  });
}

/** A coverage figure and its percentile-bootstrap interval over the data sets. */
export interface CoverageEstimate {
  readonly coverage: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Coverage at `level` with a percentile bootstrap over the K data sets (resampled with
 * replacement `numBootstrap` times): the interval holds `confidence` of the resampled figures.
 */
export function bootstrapCoverage(ranks: ArrayLike<number>, level: number, rng: Rng, numBootstrap = 2000, confidence = 0.95): CoverageEstimate {
  const k = ranks.length;
  if (k === 0) throw new Error('coverage: expected at least one data set, got none');
  const inside = Uint8Array.from({ length: k }, (_, i) => (ranks[i]! <= level ? 1 : 0));
  const coverage = inside.reduce((sum, value) => sum + value, 0) / k;
  const resampled = new Float64Array(numBootstrap);
  for (let b = 0; b < numBootstrap; b++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += inside[rng.integerBelow(k)]!;
    resampled[b] = sum / k;
  }
  resampled.sort();
  const tail = (1 - confidence) / 2;
  const at = (p: number) => resampled[Math.min(numBootstrap - 1, Math.max(0, Math.floor(p * numBootstrap)))]!;
  return { coverage, low: at(tail), high: at(1 - tail) };
}

/** The coverage at the chosen level for one β. */
export interface CoverageAtBeta extends CoverageEstimate {
  readonly beta: number;
}

/** Which β to use, and why (or why none). */
export interface BetaChoice {
  /** The largest β whose coverage reaches the level within its interval; null when none does. */
  readonly beta: number | null;
  readonly level: number;
  readonly explanation: string;
}

/**
 * Chooses β (issue 20; DESIGN.md §5): the largest β whose coverage at `level` reaches nominal
 * within its bootstrap interval (interval's top ≥ level). Never "the β nearest to nominal": as
 * β → 0 the power posterior tends to the prior, which is calibrated for θ* drawn from the prior,
 * so "nearest" can pick the prior.
 */
export function chooseBeta(table: readonly CoverageAtBeta[], level: number): BetaChoice {
  if (!(level > 0 && level < 1)) throw new Error(`choose β: expected a level in (0, 1), got ${level}`);
  if (table.length === 0) throw new Error('choose β: expected coverage at one β at least, got none');
  const percent = (value: number) => `${Math.round(value * 100)} %`;
  const reaching = table.filter((row) => row.high >= level).sort((a, b) => b.beta - a.beta);
  if (reaching.length === 0) {
    const best = [...table].sort((a, b) => b.coverage - a.coverage)[0]!;
    return { beta: null, level, explanation: `No β from ${Math.min(...table.map((row) => row.beta))} to ${Math.max(...table.map((row) => row.beta))} reaches ${percent(level)}: the best, β = ${best.beta}, held the truth in ${percent(best.coverage)} of the data sets (interval ${percent(best.low)}–${percent(best.high)}).` };
  }
  const chosen = reaching[0]!;
  return { beta: chosen.beta, level, explanation: `β = ${chosen.beta} is the largest β whose ${percent(level)} regions held the truth often enough: in ${percent(chosen.coverage)} of the data sets (interval ${percent(chosen.low)}–${percent(chosen.high)}).` };
}
