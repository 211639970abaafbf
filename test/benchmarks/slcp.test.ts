import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { slcp, slcpCovariance } from '../../src/benchmarks/slcp';
import { matrixFrom, matrixFromRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';

describe('SLCP', () => {
  const theta = [0.5, -1.0, 1.2, -0.7, 0.3];

  it('should equal a hand-computed log-likelihood at a fixed θ and x', () => {
    const x = [0.1, -0.8, 1.9, -1.5, -0.6, -0.2, 0.7, -1.1];
    // Σ_k log N(x_k; (θ₁, θ₂), S) with S from DESIGN.md §2, by scipy.stats.multivariate_normal.
    const expected = -9.564228750145784;
    expect(slcp.logLikelihood(matrixFromRows([theta]), matrixFromRows([x]))[0]).toBeCloseTo(expected, 10);
  });

  it('should simulate draws whose sample covariance matches S(θ) (4 standard errors)', () => {
    const n = 25_000;
    const thetas = matrixFrom(new Float64Array(5 * n), n, 5);
    for (let i = 0; i < n; i++) thetas.data.set(theta, 5 * i);
    const x = slcp.simulate(thetas, Rng.fromSeed(41));
    const numDraws = 4 * n;
    let [m1, m2] = [0, 0];
    for (let k = 0; k < numDraws; k++) {
      m1 += x.data[2 * k]!;
      m2 += x.data[2 * k + 1]!;
    }
    [m1, m2] = [m1 / numDraws, m2 / numDraws];
    let [c11, c12, c22] = [0, 0, 0];
    for (let k = 0; k < numDraws; k++) {
      const [d1, d2] = [x.data[2 * k]! - m1, x.data[2 * k + 1]! - m2];
      c11 += d1 * d1;
      c12 += d1 * d2;
      c22 += d2 * d2;
    }
    [c11, c12, c22] = [c11 / (numDraws - 1), c12 / (numDraws - 1), c22 / (numDraws - 1)];
    const [s11, s12, s22] = slcpCovariance(theta);
    expect(Math.abs(m1 - theta[0]!)).toBeLessThan(4 * Math.sqrt(s11 / numDraws));
    expect(Math.abs(m2 - theta[1]!)).toBeLessThan(4 * Math.sqrt(s22 / numDraws));
    // Standard errors of Gaussian sample (co)variances.
    expect(Math.abs(c11 - s11)).toBeLessThan(4 * s11 * Math.sqrt(2 / numDraws));
    expect(Math.abs(c22 - s22)).toBeLessThan(4 * s22 * Math.sqrt(2 / numDraws));
    expect(Math.abs(c12 - s12)).toBeLessThan(4 * Math.sqrt((s11 * s22 + s12 * s12) / numDraws));
  });

  it('should be symmetric in the signs of θ₃ and θ₄', () => {
    const x = matrixFromRows([getTask('slcp').observations[0]!.x]);
    const flipped = matrixFromRows([theta, [0.5, -1.0, -1.2, -0.7, 0.3], [0.5, -1.0, 1.2, 0.7, 0.3], [0.5, -1.0, -1.2, 0.7, 0.3]]);
    const values = [...slcp.logLikelihood(flipped, x)];
    for (const value of values) expect(value).toBeCloseTo(values[0]!, 12);
  });
});
