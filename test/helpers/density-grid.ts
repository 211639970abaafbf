import { requireLikelihood, type TaskModel } from '../../src/benchmarks/task';
import { matrixFrom } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { chiSquareStatistic } from './stats';

/** An axis-aligned 2-D grid of `numX × numY` square cells of side `h`, lower-left corner (x0, y0). */
export interface Grid2d {
  readonly x0: number;
  readonly y0: number;
  readonly h: number;
  readonly numX: number;
  readonly numY: number;
}

/**
 * ∫∫ p(x | θ) over the grid by the midpoint rule, for a task with 2-D x.
 * @param theta [2] the fixed parameter
 * @returns the integral and the per-cell masses (h² · p at the cell centre), row-major [numY, numX]
 */
export function integrateLikelihood(task: TaskModel, theta: readonly number[], grid: Grid2d): { total: number; cells: Float64Array } {
  const { x0, y0, h, numX, numY } = grid;
  const thetaRows = matrixFrom(new Float64Array(numX * 2), numX, 2);
  for (let i = 0; i < numX; i++) thetaRows.data.set(theta, 2 * i);
  const xRows = matrixFrom(new Float64Array(numX * 2), numX, 2);
  const cells = new Float64Array(numX * numY);
  let total = 0;
  for (let j = 0; j < numY; j++) {
    for (let i = 0; i < numX; i++) {
      xRows.data[2 * i] = x0 + (i + 0.5) * h;
      xRows.data[2 * i + 1] = y0 + (j + 0.5) * h;
    }
    const logP = requireLikelihood(task)(thetaRows, xRows);
    for (let i = 0; i < numX; i++) {
      const mass = Math.exp(logP[i]!) * h * h;
      cells[j * numX + i] = mass;
      total += mass;
    }
  }
  return { total, cells };
}

/**
 * Pearson χ² of n simulated x against the likelihood's bin masses on a coarse grid whose
 * bins are `refine × refine` cells of a fine midpoint grid. Draws outside the grid fall in an
 * extra "outside" bin with the leftover mass.
 */
export function histogramChiSquare(
  task: TaskModel,
  theta: readonly number[],
  coarse: Grid2d,
  refine: number,
  n: number,
  seed: number,
): { statistic: number; df: number } {
  const fine: Grid2d = { ...coarse, h: coarse.h / refine, numX: coarse.numX * refine, numY: coarse.numY * refine };
  const { cells } = integrateLikelihood(task, theta, fine);
  const numBins = coarse.numX * coarse.numY;
  const expected = new Float64Array(numBins + 1);
  for (let j = 0; j < fine.numY; j++) {
    for (let i = 0; i < fine.numX; i++) {
      const bin = Math.floor(j / refine) * coarse.numX + Math.floor(i / refine);
      expected[bin]! += n * cells[j * fine.numX + i]!;
    }
  }
  const inside = expected.reduce((a, b) => a + b, 0);
  expected[numBins] = Math.max(n - inside, 0);

  const thetaRows = matrixFrom(new Float64Array(2 * n), n, 2);
  for (let i = 0; i < n; i++) thetaRows.data.set(theta, 2 * i);
  const x = task.simulate(thetaRows, Rng.fromSeed(seed));
  const observed = new Float64Array(numBins + 1);
  for (let k = 0; k < n; k++) {
    const bx = Math.floor((x.data[2 * k]! - coarse.x0) / coarse.h);
    const by = Math.floor((x.data[2 * k + 1]! - coarse.y0) / coarse.h);
    const ok = bx >= 0 && bx < coarse.numX && by >= 0 && by < coarse.numY;
    observed[ok ? by * coarse.numX + bx : numBins]! += 1;
  }
  return chiSquareStatistic(observed, expected);
}
