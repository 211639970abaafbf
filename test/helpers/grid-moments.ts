import type { Matrix } from '../../src/core/matrix';
import type { LikelihoodGrid, TemperedGrid } from '../../src/reference/grid-posterior';

/**
 * Per-parameter mean and standard deviation of a grid posterior, treating each cell's mass as
 * spread uniformly over the cell (so the within-cell variance w²/12 is included).
 */
export function gridMoments(grid: LikelihoodGrid, tempered: TemperedGrid): { mean: number[]; std: number[] } {
  return {
    mean: tempered.marginals.map((marginal, j) => marginal.reduce((acc, mass, i) => acc + mass * grid.axes[j]![i]!, 0)),
    std: tempered.marginals.map((marginal, j) => {
      const mean = marginal.reduce((acc, mass, i) => acc + mass * grid.axes[j]![i]!, 0);
      const variance = marginal.reduce((acc, mass, i) => acc + mass * (grid.axes[j]![i]! - mean) ** 2, 0);
      return Math.sqrt(variance + grid.cellWidths[j]! ** 2 / 12);
    }),
  };
}

/**
 * z-scores of the samples' per-parameter mean and standard deviation against the grid's, with
 * Monte Carlo standard errors from the effective sample size: se(mean) = s/√ESS and
 * se(std) ≈ s·√((κ − 1)/(4 ESS)), κ the sample kurtosis (= 3 for a Gaussian, giving s/√(2 ESS)).
 */
export function momentZScores(grid: LikelihoodGrid, tempered: TemperedGrid, samples: Matrix, ess: readonly number[]): { mean: number[]; std: number[] } {
  const exact = gridMoments(grid, tempered);
  const d = samples.numCols;
  const n = samples.numRows;
  const meanZ: number[] = [];
  const stdZ: number[] = [];
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += samples.data[i * d + j]! / n;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const diff = samples.data[i * d + j]! - mean;
      m2 += diff * diff / n;
      m4 += diff ** 4 / n;
    }
    const std = Math.sqrt(m2);
    const kurtosis = m4 / (m2 * m2);
    meanZ.push((mean - exact.mean[j]!) / (std / Math.sqrt(ess[j]!)));
    stdZ.push((std - exact.std[j]!) / (std * Math.sqrt((kurtosis - 1) / (4 * ess[j]!))));
  }
  return { mean: meanZ, std: stdZ };
}

/**
 * z-score of the samples' mean log-likelihood ℓ(θ) = log p(x|θ) against its exact mean under
 * the grid posterior. E_β[ℓ] moves with β at rate Var_β(ℓ), so this one number sees a wrong
 * temperature even where the parameters' moments cannot (Two Moons' crescents).
 * @param logLikelihoods [n] ℓ at each draw
 * @param numChains the draws are `numChains` equal consecutive chains (for the ESS of ℓ)
 */
export function logLikelihoodZScore(grid: LikelihoodGrid, tempered: TemperedGrid, logLikelihoods: Float64Array, numChains: number, bulkEss: (chains: Float64Array[]) => number): { z: number; ess: number } {
  let exact = 0;
  for (let c = 0; c < grid.numCells; c++) if (tempered.masses[c]! > 0) exact += tempered.masses[c]! * grid.logLikelihood[c]!;
  const n = logLikelihoods.length;
  const mean = logLikelihoods.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(logLikelihoods.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const length = n / numChains;
  const ess = bulkEss(Array.from({ length: numChains }, (_, c) => logLikelihoods.subarray(c * length, (c + 1) * length)));
  return { z: (mean - exact) / (std / Math.sqrt(ess)), ess };
}
