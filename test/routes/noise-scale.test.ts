import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { JointCoordinates } from '../../src/routes/route-a';
import { estimateNoiseScale, SIGMA_MIN_DEFAULT } from '../../src/routes/noise-scale';
import { trainingProblemFor } from '../../src/routes/training-problem';

/** n rows of `dim` columns: the first dim − 1 standard normal, the last 0.3·y₀ + width·ε (a tilted thin direction). */
function thinSlab(n: number, dim: number, width: number, seed: number): Float32Array {
  const rng = Rng.fromSeed(seed);
  const y = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dim - 1; c++) y[i * dim + c] = rng.normal();
    y[i * dim + dim - 1] = 0.3 * y[i * dim]! + width * rng.normal();
  }
  return y;
}

describe('estimateNoiseScale (Route A σ_min from the data)', () => {
  it('should find the width of a thin direction that is not along an axis', () => {
    // The slab's thin direction (−0.3, 0, 1)/|·| has standard deviation width/√1.09.
    // 2 000 rows: the neighbourhoods (about 0.1 across) are wider than the slab, as Two Moons' are.
    const width = 0.01;
    const estimate = estimateNoiseScale(thinSlab(2000, 3, width, 1), 3, Rng.fromSeed(2), 300);
    expect(estimate.localScale).not.toBeNull();
    expect(estimate.sigmaMin).toBeGreaterThan(0.6 * (width / Math.sqrt(1.09)));
    expect(estimate.sigmaMin).toBeLessThan(1.3 * (width / Math.sqrt(1.09)));
    expect(estimate).toMatchObject({ neighbours: 12, queries: 300 });
  });

  it('should keep the default where the data has no thin direction or the neighbourhoods are not local', () => {
    const thick = estimateNoiseScale(thinSlab(4000, 3, 1, 3), 3, Rng.fromSeed(4), 200);
    expect(thick.localScale).toBe(SIGMA_MIN_DEFAULT);
    expect(thick.sigmaMin).toBe(SIGMA_MIN_DEFAULT);
    const wide = estimateNoiseScale(thinSlab(3000, 13, 0.01, 5), 13, Rng.fromSeed(6), 100);
    expect(wide.neighbourRadius).toBeGreaterThan(1);
    expect(wide).toMatchObject({ localScale: null, sigmaMin: SIGMA_MIN_DEFAULT });
  });

  it('should see Two Moons’ crescents (radial noise 0.01) well below the old σ_min of 0.1, the same for the same seed', () => {
    const problem = trainingProblemFor(getTask('two_moons'));
    const { theta, x } = problem.simulateJoint(10_000, Rng.fromSeed(1));
    const coordinates = new JointCoordinates(problem, theta, x);
    const y = coordinates.encode(theta, x, Uint32Array.from({ length: 10_000 }, (_, i) => i));
    const estimate = estimateNoiseScale(y, 4, Rng.fromSeed(97), 300);
    // The radial noise in z-units: 0.01 over x's standard deviations (about 0.3–0.5).
    expect(estimate.sigmaMin).toBeGreaterThan(0.01);
    expect(estimate.sigmaMin).toBeLessThan(0.04);
    expect(estimateNoiseScale(y, 4, Rng.fromSeed(97), 300)).toEqual(estimate);
  });

  it('should refuse too few rows', () => {
    expect(() => estimateNoiseScale(new Float32Array(40), 4, Rng.fromSeed(1))).toThrow('expected more than 16 rows of 4 values, got 40 values');
  });
});
