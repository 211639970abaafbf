import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { twoMoons } from '../../src/benchmarks/two-moons';
import { matrixFromRows } from '../../src/core/matrix';
import { histogramChiSquare, integrateLikelihood, type Grid2d } from '../helpers/density-grid';
import { chiSquareQuantile } from '../helpers/stats';

/** The centre of the half-ring for θ: the point u = 0. */
function ringCentre([t1, t2]: readonly number[]): [number, number] {
  return [0.25 - Math.abs(t1! + t2!) / Math.SQRT2, (-t1! + t2!) / Math.SQRT2];
}

describe('Two Moons', () => {
  const theta = [0.3, -0.55];
  const [cx, cy] = ringCentre(theta);
  // Cell edges on the line u₁ = 0, where the density jumps to zero, so the midpoint rule sees
  // no discontinuity inside a cell; the ring (radius 0.1 ± 5 std) lies inside.
  const h = 0.002;
  const grid: Grid2d = { x0: cx, y0: cy - 0.16, h, numX: 80, numY: 160 };

  it('should have a likelihood that integrates to 1 over x (|∫ − 1| < 1e-3; keeps the 1/r)', () => {
    const { total } = integrateLikelihood(twoMoons, theta, grid);
    expect(Math.abs(total - 1)).toBeLessThan(1e-3);
  });

  it('should simulate x distributed as the likelihood says (χ², α = 1e-3)', () => {
    const coarse: Grid2d = { x0: cx, y0: cy - 0.16, h: 0.01, numX: 16, numY: 32 };
    const { statistic, df } = histogramChiSquare(twoMoons, theta, coarse, 5, 200_000, 21);
    expect(df).toBeGreaterThan(50);
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });

  it('should give the mirrored θ (−θ₂, −θ₁) the same likelihood', () => {
    const thetas = matrixFromRows([[0.3, -0.55], [0.55, -0.3], [-0.7, 0.2], [-0.2, 0.7]]);
    const x = matrixFromRows([getTask('two_moons').observations[0]!.x]);
    const values = twoMoons.logLikelihood(thetas, x);
    expect(values[1]).toBeCloseTo(values[0]!, 12);
    expect(values[3]).toBeCloseTo(values[2]!, 12);
  });

  it('should give zero likelihood where u₁ ≤ 0', () => {
    const x = matrixFromRows([[cx, cy + 0.1], [cx - 0.05, cy], [cx - 1e-9, cy - 0.1]]);
    const thetas = matrixFromRows([theta, theta, theta]);
    for (const value of twoMoons.logLikelihood(thetas, x)) expect(value).toBe(Number.NEGATIVE_INFINITY);
    const justInside = twoMoons.logLikelihood(matrixFromRows([theta]), matrixFromRows([[cx + 1e-6, cy + 0.1]]));
    expect(Number.isFinite(justInside[0])).toBe(true);
  });
});
