import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { PARETO_K_LIMIT } from '../../src/core/limits';
import { defensiveLogDensity, importanceResample, paretoKHat } from '../../src/routes/importance-resampling';

/** log N(v; mean, sd²). */
const logNormal = (v: number, mean: number, sd: number) => -0.5 * ((v - mean) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

/**
 * The conjugate toy: θ ~ N(0, 1), x | θ ~ N(θ, 1), so p_β(θ | x) = N(βx / (1 + β), 1 / (1 + β))
 * in closed form; the log target is log π(θ) + β log p(x | θ), the exact likelihood standing in
 * for a route's learned one.
 */
const x = 1.2;
const beta = 0.5;
const exactMean = (beta * x) / (1 + beta);
const exactSd = Math.sqrt(1 / (1 + beta));
const logTargetAt = (theta: number) => logNormal(theta, 0, 1) + beta * logNormal(x, theta, 1);

function proposals(m: number, mean: number, sd: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const theta = Float64Array.from({ length: m }, () => mean + sd * rng.normal());
  return { theta, logTarget: theta.map(logTargetAt), logProposal: theta.map((t) => logNormal(t, mean, sd)) };
}

describe('sampling–importance–resampling (refinement)', () => {
  it('should recover the tempered posterior from a shifted, wider proposal, its ESS equal to a float64 recomputation', () => {
    const { theta, logTarget, logProposal } = proposals(20_000, exactMean + 0.5 * exactSd, 1.5 * exactSd, 1);
    const set = importanceResample(logTarget, logProposal, 2000, Rng.fromSeed(2));
    // The ESS recomputed from the densities directly: (Σ w)² / Σ w².
    const raw = Array.from(theta, (t) => Math.exp(logTargetAt(t) - logNormal(t, exactMean + 0.5 * exactSd, 1.5 * exactSd)));
    const sum = raw.reduce((a, b) => a + b, 0);
    const ess = sum ** 2 / raw.reduce((a, w) => a + w * w, 0);
    expect(set.ess).toBeCloseTo(ess, 6);
    expect(set.essFraction).toBeGreaterThan(0.3);
    expect(set.paretoK).toBeLessThan(PARETO_K_LIMIT);
    expect(set.trustworthy).toBe(true);
    const refined = Float64Array.from(set.indices, (j) => theta[j]!);
    const rng = Rng.fromSeed(3);
    const exact = Float64Array.from({ length: 2000 }, () => exactMean + exactSd * rng.normal());
    const score = c2st({ data: exact, numRows: 2000, numCols: 1 }, { data: refined, numRows: 2000, numCols: 1 }, { seed: 4 }).accuracy;
    expect(score).toBeLessThanOrEqual(0.55);
    // The proposal alone is visibly off: the refinement is doing the work.
    const shifted = proposals(2000, exactMean + 0.5 * exactSd, 1.5 * exactSd, 5).theta;
    expect(c2st({ data: exact, numRows: 2000, numCols: 1 }, { data: shifted, numRows: 2000, numCols: 1 }, { seed: 4 }).accuracy).toBeGreaterThan(0.58);
  }, 60_000);

  it('should catch an under-dispersed proposal (a third of the target\'s scale) with k̂ > 0.7', () => {
    const { logTarget, logProposal } = proposals(20_000, exactMean, exactSd / 3, 6);
    const set = importanceResample(logTarget, logProposal, 1000, Rng.fromSeed(7));
    expect(set.paretoK).toBeGreaterThan(PARETO_K_LIMIT);
    expect(set.trustworthy).toBe(false);
  });

  it.each([0.25, 0.5, 0.9])('should estimate the tail shape k = %s of exactly Pareto weights without bias (mean of 20 sets within 0.05)', (k) => {
    // w = U^(−k) has a Pareto tail with shape α = 1/k, so its exceedances are generalized Pareto
    // with shape k. One k̂ from 10 000 weights has a standard deviation near 0.08 (300 in the
    // tail); the mean of 20 is within 0.05 of k unless it is biased (≈ 2.8 standard errors).
    const estimates = Array.from({ length: 20 }, (_, s) => {
      const rng = Rng.fromSeed(100 + s);
      return paretoKHat(Float64Array.from({ length: 10_000 }, () => -k * Math.log(rng.uniform())));
    });
    expect(Math.abs(estimates.reduce((a, b) => a + b, 0) / estimates.length - k)).toBeLessThan(0.05);
  });

  it('should weigh draws of the defensive mixture by the mixture density, equal to a float64 recomputation', () => {
    const a = 0.3;
    const rng = Rng.fromSeed(9);
    const [qMean, qSd] = [exactMean + 0.3, 0.8 * exactSd];
    // Draws of g = (1 − a) q + a π: a draw from the prior N(0, 1) with probability a.
    const theta = Float64Array.from({ length: 20_000 }, () => (rng.uniform() < a ? rng.normal() : qMean + qSd * rng.normal()));
    const logQ = theta.map((t) => logNormal(t, qMean, qSd));
    const logPrior = theta.map((t) => logNormal(t, 0, 1));
    const logG = defensiveLogDensity(logQ, logPrior, a);
    theta.forEach((t, j) => expect(logG[j]).toBeCloseTo(Math.log((1 - a) * Math.exp(logNormal(t, qMean, qSd)) + a * Math.exp(logNormal(t, 0, 1))), 10));
    expect(defensiveLogDensity(logQ, logPrior, 0)).toEqual(logQ);
    const set = importanceResample(theta.map(logTargetAt), logG, 4000, Rng.fromSeed(10));
    const refined = Array.from(set.indices, (j) => theta[j]!);
    const mean = refined.reduce((s, v) => s + v, 0) / refined.length;
    const sd = Math.sqrt(refined.reduce((s, v) => s + (v - mean) ** 2, 0) / refined.length);
    expect(Math.abs(mean - exactMean)).toBeLessThan(0.05);
    expect(Math.abs(sd - exactSd)).toBeLessThan(0.05);
    expect(set.trustworthy).toBe(true);
  });

  it('should refuse a prior share outside [0, 1) and NaN densities, naming what arrived', () => {
    expect(() => defensiveLogDensity(Float64Array.of(0), Float64Array.of(0), 1)).toThrow('defensive mixture: expected a prior share a in [0, 1), got 1');
    expect(() => importanceResample(Float64Array.of(0, Number.NaN), Float64Array.of(0, 0), 1, Rng.fromSeed(1))).toThrow(/expected finite log-densities, got target NaN and proposal 0 at proposal 1/);
  });
});
