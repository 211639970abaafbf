import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../src/core/normal';
import { Rng } from '../../src/core/rng';
import { logNormal, TOY_SIGMA, toyCoverage, toyPosterior } from '../helpers/conjugate-toy';
import { bootstrapCoverage, chooseBeta, COVERAGE_LEVELS, expectedCoverage, highestDensityRank, sbcRanks } from '../../src/metrics/coverage';

const SIGMA = TOY_SIGMA;
const posterior = toyPosterior;
const closedFormCoverage = (beta: number, level: number, sigmaData: number) => toyCoverage(beta, level, sigmaData);

/**
 * Ranks of K data sets: θ* from the prior, x with noise σ_data, M draws from a sampler of
 * N(mean, (widen·sd)²) scored by that sampler's own density (as q is scored by q).
 */
function ranksOf(beta: number, sigmaData: number, numDataSets: number, numDraws: number, seed: number, widen = 1): { ranks: number[]; sbc: number[] } {
  const rng = Rng.fromSeed(seed);
  const ranks: number[] = [];
  const sbc: number[] = [];
  for (let k = 0; k < numDataSets; k++) {
    const truth = rng.normal();
    const x = truth + sigmaData * rng.normal();
    const { mean, sd } = posterior(beta, x);
    const draws = Float64Array.from({ length: numDraws }, () => mean + widen * sd * rng.normal());
    ranks.push(highestDensityRank(logNormal(truth, mean, widen * sd), draws.map((t) => logNormal(t, mean, widen * sd))));
    sbc.push(sbcRanks([truth], draws, 1)[0]!);
  }
  return { ranks, sbc };
}

describe('expected coverage of highest-density regions (issue 20, DESIGN.md §5)', () => {
  // K = 2 000 data sets, M = 500 draws. Each of the 3 × 19 comparisons allows 4 binomial
  // standard errors (two-sided false alarm 6·10⁻⁵ each, under 0.4 % for all 57 by Bonferroni)
  // plus 0.01 for the ranks' own Monte Carlo error (M = 500).
  const K = 2000;
  it.each([
    [1, 'on the diagonal'],
    [0.4, 'above it'],
    [2, 'below it'],
  ])('should give the closed-form curve at β = %s with exact draws (%s)', (beta, _where) => {
    const { ranks } = ranksOf(beta, SIGMA, K, 500, 1 + beta * 10);
    const curve = expectedCoverage(ranks, COVERAGE_LEVELS);
    COVERAGE_LEVELS.forEach((level, i) => {
      const exact = closedFormCoverage(beta, level, SIGMA);
      expect(Math.abs(curve[i]! - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / K) + 0.01);
      if (beta === 1) expect(exact).toBeCloseTo(level, 6);
      if (beta < 1) expect(exact).toBeGreaterThan(level);
      if (beta > 1) expect(exact).toBeLessThan(level);
    });
  });

  it('should catch a deliberately over-confident sampler (sd × 0.6 at β = 1): far below the diagonal', () => {
    const { ranks, sbc } = ranksOf(1, SIGMA, K, 500, 7, 0.6);
    const [at90] = expectedCoverage(ranks, [0.9]);
    // Closed form for the narrowed sampler: 2Φ(1.645 · 0.6) − 1 ≈ 0.68.
    expect(at90!).toBeLessThan(0.9 - 4 * Math.sqrt((0.9 * 0.1) / K));
    expect(at90!).toBeCloseTo(2 * normalCdf(normalQuantile(0.95) * 0.6) - 1, 1);
    // Its SBC ranks pile up at the ends (θ* too often outside all draws): U-shaped, not uniform.
    const extreme = sbc.filter((rank) => rank < 25 || rank > 475).length / K;
    expect(extreme).toBeGreaterThan(0.2);
    const { sbc: exactSbc } = ranksOf(1, SIGMA, K, 500, 8);
    expect(exactSbc.filter((rank) => rank < 25 || rank > 475).length / K).toBeLessThan(0.1 + 4 * Math.sqrt((0.1 * 0.9) / K));
  });

  it('should choose β* = σ²/σ_data² under variance inflation (σ_data = 2σ: β* = 0.25), within its bootstrap interval', () => {
    const betas = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.7, 1];
    const table = betas.map((beta, i) => ({ beta, ...bootstrapCoverage(ranksOf(beta, 2 * SIGMA, 500, 500, 100 + i).ranks, 0.9, Rng.fromSeed(200 + i)) }));
    const choice = chooseBeta(table, 0.9);
    expect(closedFormCoverage(0.25, 0.9, 2 * SIGMA)).toBeCloseTo(0.9, 6);
    expect([0.25, 0.3, 0.35]).toContain(choice.beta);
    const chosen = table.find((row) => row.beta === choice.beta)!;
    expect(closedFormCoverage(choice.beta!, 0.9, 2 * SIGMA)).toBeGreaterThanOrEqual(chosen.low);
    expect(choice.explanation).toMatch(/^β = 0\.(25|3|35) is the largest β whose 90 % regions held the truth often enough: in \d+ % of the data sets \(interval \d+ %–\d+ %\)\.$/);
    // β = 1 under-covers visibly: the standard posterior is over-confident here.
    expect(table.at(-1)!.high).toBeLessThan(0.75);
  });

  it('should say when no β reaches the level, and never pick the β nearest to nominal from below', () => {
    const table = [
      { beta: 0.5, coverage: 0.8, low: 0.76, high: 0.84 },
      { beta: 1, coverage: 0.6, low: 0.55, high: 0.65 },
    ];
    expect(chooseBeta(table, 0.9)).toEqual({ beta: null, level: 0.9, explanation: 'No β from 0.5 to 1 reaches 90 %: the best, β = 0.5, held the truth in 80 % of the data sets (interval 76 %–84 %).' });
    expect(chooseBeta([...table, { beta: 0.1, coverage: 0.97, low: 0.95, high: 0.99 }], 0.9).beta).toBe(0.1);
  });

  it('should refuse NaN densities, empty inputs and a level outside (0, 1)', () => {
    expect(() => highestDensityRank(Number.NaN, [1])).toThrow('expected a log-density of the true θ, got NaN');
    expect(() => highestDensityRank(0, [1, Number.NaN])).toThrow('got NaN at draw 1');
    expect(() => highestDensityRank(0, [])).toThrow('expected at least one draw, got none');
    expect(() => expectedCoverage([], [0.5])).toThrow('expected at least one data set, got none');
    expect(() => chooseBeta([{ beta: 1, coverage: 0.9, low: 0.8, high: 0.95 }], 1)).toThrow('expected a level in (0, 1), got 1');
    expect(() => sbcRanks([0, 1], [1, 2, 3], 2)).toThrow('expected θ* of 2 and draws [M, 2], got θ* of 2 and 3 values');
  });
});
