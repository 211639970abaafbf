import { describe, expect, it } from 'vitest';
import { gaussianMixture, gaussianMixtureWide } from '../../src/benchmarks/gaussian-mixture';
import { histogramChiSquare, integrateLikelihood, type Grid2d } from '../helpers/density-grid';
import { chiSquareQuantile } from '../helpers/stats';

describe.each([
  { task: gaussianMixture, theta: [0.4, -0.8] },
  { task: gaussianMixtureWide, theta: [-7, 3.5] },
])('$task.id', ({ task, theta }) => {
  it('should have a likelihood that integrates to 1 over x on a 0.002 grid (|∫ − 1| < 1e-3)', () => {
    // ±7 std of the wide component around θ; the tails beyond hold < 1e-10.
    const h = 0.002;
    const grid: Grid2d = { x0: theta[0]! - 7, y0: theta[1]! - 7, h, numX: 7000, numY: 7000 };
    const { total } = integrateLikelihood(task, theta, grid);
    expect(Math.abs(total - 1)).toBeLessThan(1e-3);
  });

  it('should simulate x distributed as the likelihood says (χ², α = 1e-3)', () => {
    // Fine bins near θ resolve the narrow component; the rest of the plane is one extra bin.
    const coarse: Grid2d = { x0: theta[0]! - 2, y0: theta[1]! - 2, h: 0.1, numX: 40, numY: 40 };
    const { statistic, df } = histogramChiSquare(task, theta, coarse, 5, 200_000, 31);
    expect(df).toBeGreaterThan(500);
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });
});
