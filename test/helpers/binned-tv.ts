import type { Matrix } from '../../src/core/matrix';
import type { LikelihoodGrid, TemperedGrid } from '../../src/reference/grid-posterior';

/**
 * Binned total-variation distance between samples and a grid posterior, with the threshold
 * an exact sampler would stay under.
 *
 * Bins are blocks of `cellsPerBin` grid cells per axis over the prior box. For n_eff
 * independent draws, each bin's empirical mass p̂ has E|p̂ − p| ≈ √(2p(1−p)/(π n_eff)) and
 * Var|p̂ − p| ≈ (1 − 2/π) p(1−p)/n_eff, so TV = ½Σ|p̂ − p| has a known mean μ and standard
 * deviation s. The threshold μ + 5s + `slack` has a false-alarm rate below 1e-6 by Chebyshev-
 * free normal approximation (TV sums many bins), and `slack` absorbs the grid's midpoint-rule
 * error. Correlated MCMC draws enter through n_eff = their effective sample size.
 */
export function binnedTotalVariation(
  grid: LikelihoodGrid,
  tempered: TemperedGrid,
  samples: Matrix,
  cellsPerBin: number,
  effectiveSize: number,
  slack = 0.01,
): { tv: number; threshold: number; expected: number } {
  const d = grid.task.thetaDim;
  const binsPerDim = Math.ceil(grid.cellsPerDim / cellsPerBin);
  const numBins = binsPerDim ** d;
  const gridMass = new Float64Array(numBins);
  for (let c = 0; c < grid.numCells; c++) {
    const indices = grid.cellIndices(c);
    gridMass[binOf(indices.map((i) => Math.floor(i / cellsPerBin)), binsPerDim)]! += tempered.masses[c]!;
  }
  const sampleMass = new Float64Array(numBins);
  for (let i = 0; i < samples.numRows; i++) {
    const indices = Array.from({ length: d }, (_, j) => {
      const cell = Math.floor((samples.data[i * d + j]! - grid.task.thetaLow[j]!) / grid.cellWidths[j]!);
      return Math.floor(Math.min(Math.max(cell, 0), grid.cellsPerDim - 1) / cellsPerBin);
    });
    sampleMass[binOf(indices, binsPerDim)]! += 1 / samples.numRows;
  }
  let tv = 0;
  let expected = 0;
  let variance = 0;
  for (let b = 0; b < numBins; b++) {
    const p = gridMass[b]!;
    tv += 0.5 * Math.abs(sampleMass[b]! - p);
    expected += 0.5 * Math.sqrt((2 * p * (1 - p)) / (Math.PI * effectiveSize));
    variance += (0.25 * (1 - 2 / Math.PI) * p * (1 - p)) / effectiveSize;
  }
  return { tv, expected, threshold: expected + 5 * Math.sqrt(variance) + slack };
}

function binOf(indices: number[], binsPerDim: number): number {
  return indices.reduce((acc, i) => acc * binsPerDim + i, 0);
}
