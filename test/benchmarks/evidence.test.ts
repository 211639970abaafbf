import { describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { LikelihoodGrid } from '../../src/reference/grid-posterior';

/** log p(x) of the 2-D tasks (the NRE-form oracle's normaliser) against the exact grid at 1 024² cells. */
describe('exact evidence log p(x)', () => {
  // Two Moons' crescent is 0.01 thick, five grid cells: the grid itself is good to ~3e-3 there.
  const cases = [
    { id: 'two_moons', tolerance: 4e-3 },
    { id: 'gaussian_mixture', tolerance: 1e-6 },
    { id: 'gaussian_mixture_wide', tolerance: 1e-5 },
  ] as const;

  for (const { id, tolerance } of cases) {
    it(`${id}: equals the grid's ∫ π(θ) p(x | θ) dθ for simulated x`, () => {
      const task = getTask(id);
      const rng = Rng.fromSeed(5);
      const x = task.simulate(sampleBoxPrior(task, 3, rng), rng);
      const exact = task.logEvidence!(x);
      for (let i = 0; i < 3; i++) {
        const grid = new LikelihoodGrid(task, { data: x.data.slice(2 * i, 2 * i + 2), numRows: 1, numCols: 2 }, 1024).temper(1).logEvidence;
        expect(Math.abs(exact[i]! - grid), `x = ${Array.from(x.data.slice(2 * i, 2 * i + 2))}`).toBeLessThan(tolerance);
      }
    });
  }

  it('Two Moons: is log ½ where the whole crescent fits the triangle the box maps to, keeps far tails finite, and refuses a wrong shape', () => {
    const task = getTask('two_moons');
    const [inside, tail, beyond] = task.logEvidence!({ data: Float64Array.of(-0.3, 0, -0.8, 0.6, 5, 5), numRows: 3, numCols: 2 });
    expect(inside).toBeCloseTo(Math.log(0.5), 12);
    // r must be ~20 standard deviations off its mean to reach (−0.8, 0.6): tiny, not zero.
    expect(tail).toBeGreaterThan(-120);
    expect(tail).toBeLessThan(-90);
    expect(beyond).toBe(Number.NEGATIVE_INFINITY); // 500 standard deviations: below the smallest double
    expect(() => task.logEvidence!({ data: new Float64Array(3), numRows: 1, numCols: 3 })).toThrow(/two_moons evidence: expected x with 2 columns, got 3/);
  });

  it('Gaussian mixture: keeps the far tail (x 9σ outside the ±1 box) finite and right', () => {
    const task = getTask('gaussian_mixture');
    const [value] = task.logEvidence!({ data: Float64Array.of(10, 0), numRows: 1, numCols: 2 });
    // Only the wide component reaches: ½ · [Φ(−9) − Φ(−11)] · [Φ(1) − Φ(−1)] / 4.
    expect(value).toBeCloseTo(Math.log(0.5 * 1.1285884059538e-19 * 0.6826894921370859) - Math.log(4), 5);
  });
});
