import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { medianPairwiseDistance, mmd } from '../../src/metrics/mmd';
import { meanAndVariance } from '../helpers/stats';

/** n draws of N(mean, diag(variances)). */
function gaussian(n: number, mean: readonly number[], variances: readonly number[], rng: Rng): Matrix {
  const d = mean.length;
  return {
    data: Float64Array.from({ length: n * d }, (_, k) => mean[k % d]! + Math.sqrt(variances[k % d]!) * rng.normal()),
    numRows: n,
    numCols: d,
  };
}

/**
 * E k(X, Y) for X ~ N(μa, Σa), Y ~ N(μb, Σb) (diagonal) and k = exp(−‖x−y‖²/(2σ²)):
 * Π_j σ / √(σ² + Σa_j + Σb_j) · exp(−Δ_j² / (2(σ² + Σa_j + Σb_j))).
 */
function expectedKernel(muA: number[], varA: number[], muB: number[], varB: number[], sigma: number): number {
  return muA.reduce((acc, _, j) => {
    const s = sigma * sigma + varA[j]! + varB[j]!;
    return acc * (sigma / Math.sqrt(s)) * Math.exp(-((muA[j]! - muB[j]!) ** 2) / (2 * s));
  }, 1);
}

describe('MMD²', () => {
  const sigma = 1.3;
  const [muP, varP, muQ, varQ] = [[0, 0], [1, 1], [0.6, -0.3], [1.5, 0.8]];
  const exact =
    expectedKernel(muP, varP, muP, varP, sigma) + expectedKernel(muQ, varQ, muQ, varQ, sigma) - 2 * expectedKernel(muP, varP, muQ, varQ, sigma);

  it('should equal the closed form for two Gaussians within Monte Carlo error (4 standard errors)', () => {
    const rng = Rng.fromSeed(1);
    const estimates = Array.from({ length: 8 }, () =>
      mmd(gaussian(800, muP, varP, rng), gaussian(800, muQ, varQ, rng), { seed: 1, bandwidth: sigma }).mmdSquared,
    );
    const { mean, variance } = meanAndVariance(estimates);
    expect(exact).toBeGreaterThan(0.05);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * Math.sqrt(variance / estimates.length));
  });

  it('should average to 0 over same-distribution draws (unbiased)', () => {
    const rng = Rng.fromSeed(2);
    const estimates = Array.from({ length: 10 }, () =>
      mmd(gaussian(500, muP, varP, rng), gaussian(500, muP, varP, rng), { seed: 2 }).mmdSquared,
    );
    const { mean, variance } = meanAndVariance(estimates);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(variance / estimates.length));
    expect(estimates.some((value) => value < 0)).toBe(true); // an unbiased estimator must dip below 0
  });

  it('should take the median pairwise distance of the reference as bandwidth', () => {
    // |X − Y| for X, Y ~ N(0, 1) is |N(0, 2)|, whose median is √2 · Φ⁻¹(3/4) = 0.95387.
    const reference = gaussian(5000, [0], [1], Rng.fromSeed(3));
    expect(Math.abs(medianPairwiseDistance(reference, 4) - 0.95387)).toBeLessThan(0.02);
    expect(mmd(reference, gaussian(100, [0], [1], Rng.fromSeed(5)), { seed: 4 }).bandwidth).toBe(medianPairwiseDistance(reference, 4));
  });

  it('should reject bad input with a clear error', () => {
    const rng = Rng.fromSeed(6);
    expect(() => mmd(gaussian(20, [0, 0], [1, 1], rng), gaussian(20, [0], [1], rng), { seed: 1 })).toThrow(/mmd: expected both sample sets to have the same number of columns/);
    expect(() => mmd(gaussian(5, [0], [1], rng), gaussian(20, [0], [1], rng), { seed: 1 })).toThrow(/at least 10 reference samples, got 5/);
    const constant = { data: new Float64Array(20).fill(1), numRows: 20, numCols: 1 };
    expect(() => mmd(constant, gaussian(20, [0], [1], rng), { seed: 1 })).toThrow(/positive finite bandwidth, got 0/);
  });
});
