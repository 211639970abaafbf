import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { requireLikelihood } from '../../src/benchmarks/task';
import { matrixFromRows, type Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { GAUSSIAN_MIXTURE_STDS } from '../../src/benchmarks/gaussian-mixture';
import { SLCP_SIGN_MODES, SLCP_TEMPERING } from '../../src/benchmarks/slcp';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { ParallelTempering } from '../../src/reference/parallel-tempering';
import { GaussianMixtureRejection, logGaussianMixtureEnvelope, logTemperedMixture, truncatedStandardNormal } from '../../src/reference/gaussian-mixture-rejection';
import { LikelihoodGrid } from '../../src/reference/grid-posterior';
import { runToEnd } from '../../src/reference/sampler';
import { bulkEss } from '../../src/reference/diagnostics';
import { binnedTotalVariation } from '../helpers/binned-tv';
import { logLikelihoodZScore, momentZScores } from '../helpers/grid-moments';
import { chiSquareQuantile, chiSquareStatistic } from '../helpers/stats';

/**
 * Every sampler against its grid posterior, three ways:
 * - binned TV below the level an exact sampler with n_eff = ESS stays under (helpers/binned-tv.ts);
 * - the mean log-likelihood E_β[ℓ] within 4 Monte Carlo standard errors of the grid's
 *   (false-alarm rate 6e-5; this test sees a β off by 20 % with |z| > 5 on every task);
 * - per-parameter mean and std within 5 standard errors (where the posterior is unimodal).
 */
function expectAgreesWithGrid(
  taskId: string,
  grid: LikelihoodGrid,
  beta: number,
  samples: Matrix,
  ess: readonly number[],
  options: { cellsPerBin: number; numChains: number; slack?: number; moments: boolean },
): void {
  const tempered = grid.temper(beta);
  const { tv, threshold } = binnedTotalVariation(grid, tempered, samples, options.cellsPerBin, Math.min(...ess), options.slack);
  expect(tv).toBeLessThan(threshold);
  const task = getTask(taskId);
  const logLikelihoods = requireLikelihood(task)(samples, matrixFromRows([task.observations[0]!.x]));
  expect(Math.abs(logLikelihoodZScore(grid, tempered, logLikelihoods, options.numChains, bulkEss).z)).toBeLessThan(4);
  if (options.moments) {
    const z = momentZScores(grid, tempered, samples, ess);
    for (const value of [...z.mean, ...z.std]) expect(Math.abs(value)).toBeLessThan(5);
  }
}

const BETAS = [0.1, 1.0, 1.5];

/** Runs the task's reference sampler on its first observation. */
function reference(taskId: string, beta: number, numDraws: number, seed = 1) {
  const task = getTask(taskId);
  return runToEnd(createReferenceSampler(task, task.observations[0]!.x, beta, numDraws, seed));
}

function gridFor(taskId: string, cellsPerDim?: number): LikelihoodGrid {
  const task = getTask(taskId);
  return new LikelihoodGrid(task, matrixFromRows([task.observations[0]!.x]), cellsPerDim);
}

describe.each(['gaussian_mixture', 'gaussian_mixture_wide'])('%s exact rejection', (taskId) => {
  const grid = gridFor(taskId);
  it.each(BETAS)('should match the grid posterior at β = %s', (beta) => {
    const { samples, diagnostics } = reference(taskId, beta, 20_000);
    expect(samples.numRows).toBe(20_000);
    expectAgreesWithGrid(taskId, grid, beta, samples, [20_000, 20_000], { cellsPerBin: 32, numChains: 1, moments: true });
    expect(diagnostics.acceptanceRate).toBeGreaterThan(0);
  });

  it('should never see target/envelope above 1 (asserted on every proposal) and keep θ in the box', () => {
    const task = getTask(taskId);
    for (const beta of [0.05, 0.1, 0.5, 1, 2, 5]) {
      const { samples } = runToEnd(new GaussianMixtureRejection(task, matrixFromRows([[0.3, -0.2]]), beta, 2000, Rng.fromSeed(2)));
      expect(samples.data.every((v) => v >= task.thetaLow[0]! && v <= task.thetaHigh[0]!)).toBe(true);
    }
  });
});

describe('Gaussian-mixture rejection far from the box (a gross error: the misspecified variant)', () => {
  const task = getTask('gaussian_mixture');
  // About 1e-12 of the plain envelope's proposals would land in the box ±1 from here.
  const x = matrixFromRows([[4.5, -6]]);
  const grid = new LikelihoodGrid(task, x);
  it.each([0.3, 1, 1.5])('should restrict its proposals to the box and still match the grid posterior at β = %s', (beta) => {
    const sampler = new GaussianMixtureRejection(task, x, beta, 20_000, Rng.fromSeed(5));
    const { samples, diagnostics } = runToEnd(sampler);
    expect(samples.numRows).toBe(20_000);
    expect(diagnostics.acceptanceRate).toBeGreaterThan(0.05);
    const tempered = grid.temper(beta);
    const { tv, threshold } = binnedTotalVariation(grid, tempered, samples, 32, 20_000);
    expect(tv).toBeLessThan(threshold);
    const z = momentZScores(grid, tempered, samples, [20_000, 20_000]);
    for (const value of [...z.mean, ...z.std]) expect(Math.abs(value)).toBeLessThan(5);
  });

  it('should draw a truncated normal whose mean and variance are the closed form’s, in the far tail too', () => {
    const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    for (const [a, b] of [[-1, 2], [5, 6], [-9, -7.5], [20, 21]] as const) {
      // The closed form in float64: Z = Φ(b) − Φ(a), with φ(a)/Z from the ratio of tails where Z underflows.
      const mass = (upper: number) => 0.5 * erfcScaled(upper / Math.SQRT2) * Math.exp(-0.5 * upper * upper);
      const big = a >= 0 ? mass(a) - mass(b) : b <= 0 ? mass(-b) - mass(-a) : 1 - mass(-a) - mass(b);
      const expMean = (phi(a) - phi(b)) / big;
      const expVar = 1 + (a * phi(a) - b * phi(b)) / big - expMean ** 2;
      // A midpoint rule over u: the mean of the inverse CDF at (k + ½)/n is the mean to O(1/n²) inside, O(1/n) at a far tail's edge.
      const n = 50_000;
      let sum = 0;
      let sumSq = 0;
      let outside = 0;
      for (let k = 0; k < n; k++) {
        const z = truncatedStandardNormal(a, b, (k + 0.5) / n);
        if (!(z >= a && z <= b)) outside += 1;
        sum += z;
        sumSq += z * z;
      }
      expect(outside).toBe(0);
      const mean = sum / n;
      expect(mean).toBeCloseTo(expMean, 4);
      expect(sumSq / n - mean ** 2).toBeCloseTo(expVar, 3);
    }
  });
});

/** erfc(x)·exp(x²) for x ≥ 0 by a continued fraction (x ≥ 3) or the series of erf (x < 3), float64. */
function erfcScaled(x: number): number {
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (-x * x) / k;
      sum += term / (2 * k + 1);
    }
    return (1 - (2 / Math.sqrt(Math.PI)) * sum) * Math.exp(x * x);
  }
  let fraction = 0;
  for (let k = 60; k >= 1; k--) fraction = (k / 2) / (x + fraction);
  return 1 / (Math.sqrt(Math.PI) * (x + fraction));
}

describe('Gaussian-mixture envelope', () => {
  it('should bound the tempered mixture for every β, while the paper’s 0.5^max(β,1) does not at β = 0.1', () => {
    for (const beta of [0.1, 0.3, 0.7, 1, 1.5, 3]) {
      for (const squared of [0, 0.001, 0.01, 0.1, 1, 4, 25]) {
        expect(logTemperedMixture(squared, beta, GAUSSIAN_MIXTURE_STDS)).toBeLessThanOrEqual(logGaussianMixtureEnvelope(squared, beta, GAUSSIAN_MIXTURE_STDS) + 1e-12);
      }
    }
    const paperFactor = Math.max(0.1, 1);
    expect(logTemperedMixture(0, 0.1, GAUSSIAN_MIXTURE_STDS)).toBeGreaterThan(logGaussianMixtureEnvelope(0, 0.1, GAUSSIAN_MIXTURE_STDS, paperFactor));
  });
});

describe('Two Moons random-walk MH', () => {
  const grid = gridFor('two_moons');
  it.each(BETAS)('should match the grid posterior at β = %s', (beta) => {
    const { samples, diagnostics } = reference('two_moons', beta, 60_000);
    // Two crescents: the parameters' moments mix both and say little, so they are not tested.
    expectAgreesWithGrid('two_moons', grid, beta, samples, diagnostics.bulkEss, { cellsPerBin: 32, numChains: 2, moments: false });
    expect(diagnostics.acceptanceRate).toBeGreaterThan(0.2);
    expect(diagnostics.acceptanceRate).toBeLessThan(0.4);
    for (const chain of diagnostics.splitRhat!) for (const rhat of chain) expect(rhat).toBeLessThan(1.05);
  });

  it('should give the two crescents the grid’s masses (½ each, by the mirror symmetry)', () => {
    const tempered = grid.temper(1);
    let gridAbove = 0;
    const centre = new Float64Array(2);
    for (let c = 0; c < grid.numCells; c++) {
      grid.cellCentre(c, centre);
      if (centre[0]! + centre[1]! > 0) gridAbove += tempered.masses[c]!;
    }
    expect(gridAbove).toBeCloseTo(0.5, 9);
    const { diagnostics } = reference('two_moons', 1, 4000);
    const masses = Object.fromEntries(diagnostics.modeMasses!.map((mode) => [mode.name, mode.mass]));
    expect(masses['crescent θ₁+θ₂ > 0']).toBeCloseTo(gridAbove, 9);
    expect(masses['crescent θ₁+θ₂ < 0']).toBeCloseTo(1 - gridAbove, 9);
  });
});

describe('Lorenz-96 random-walk MH', () => {
  const grid = gridFor('lorenz96');
  it.each(BETAS)('should match the 61³ grid posterior at β = %s', (beta) => {
    const { samples, diagnostics } = reference('lorenz96', beta, 20_000);
    // 4³ grid cells per bin; the slack covers the 61³ midpoint rule (cells ≈ ⅛ of a posterior std at β = 1.5).
    expectAgreesWithGrid('lorenz96', grid, beta, samples, diagnostics.bulkEss, { cellsPerBin: 4, numChains: 1, slack: 0.03, moments: true });
  });
});

describe('SLCP parallel tempering', () => {
  /** Batch-means standard deviation of column j and its standard error (20 batches). */
  function spreadWithError(samples: Matrix, j: number): { std: number; se: number } {
    const d = samples.numCols;
    const values = Float64Array.from({ length: samples.numRows }, (_, i) => samples.data[i * d + j]!);
    const std = (xs: Float64Array) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    };
    const size = Math.floor(values.length / 20);
    const batchStds = Float64Array.from({ length: 20 }, (_, b) => std(values.subarray(b * size, (b + 1) * size)));
    return { std: std(values), se: std(batchStds) / Math.sqrt(20) };
  }

  it('should visit all four sign modes of (θ₃, θ₄) at β = 1, and give them their exact equal masses by sign flips that leave the chain as it was', () => {
    const task = getTask('slcp');
    const x = task.observations[0]!.x;
    const { samples, diagnostics } = reference('slcp', 1, 3000);
    // The same chain without the flips (createReferenceSampler's chain stream is stream 11 of the seed).
    const plain = runToEnd(new ParallelTempering(task, matrixFromRows([x]), 1, { ...SLCP_TEMPERING, numKept: 3000, modes: SLCP_SIGN_MODES }, Rng.fromSeed(1, 11)));
    // The chain itself visits every mode (exact masses are ¼; ±0.1 is over 4 standard errors at its ESS).
    for (const mode of plain.diagnostics.modeMasses!) expect(Math.abs(mode.mass - 0.25)).toBeLessThan(0.1);
    expect(diagnostics.swapRate).toBe(plain.diagnostics.swapRate);
    for (let k = 0; k < samples.data.length; k++) expect(Math.abs(samples.data[k]!)).toBe(Math.abs(plain.samples.data[k]!));
    // Independent fair flips: the quadrant counts are multinomial(n, ¼ each) whatever the chain did (χ², α = 1e-3).
    const counts = new Float64Array(4);
    for (let i = 0; i < samples.numRows; i++) counts[(samples.data[i * 5 + 2]! > 0 ? 0 : 2) + (samples.data[i * 5 + 3]! > 0 ? 0 : 1)]! += 1;
    const { statistic, df } = chiSquareStatistic(counts, new Array(4).fill(samples.numRows / 4));
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });

  it('should shrink the spread of θ₁, θ₂ from β = 0.5 to β = 1.5 by more than 4 batch-means standard errors', () => {
    const wide = reference('slcp', 0.5, 4000).samples;
    const narrow = reference('slcp', 1.5, 4000).samples;
    for (const j of [0, 1]) {
      const a = spreadWithError(wide, j);
      const b = spreadWithError(narrow, j);
      expect(a.std - b.std).toBeGreaterThan(4 * Math.hypot(a.se, b.se));
    }
  });
});

describe('reference sampler input checks', () => {
  const task = getTask('two_moons');
  const x = task.observations[0]!.x;
  it.each([
    [0, /beta: expected a number in \(0, 10\], got 0/],
    [-1, /got -1/],
    [Number.NaN, /got NaN/],
    [10.5, /got 10.5/],
  ])('should reject β = %s', (beta, message) => {
    expect(() => createReferenceSampler(task, x, beta, 100, 1)).toThrow(message);
  });

  it('should reject an observation of the wrong length or with NaN', () => {
    expect(() => createReferenceSampler(task, [0.1], 1, 100, 1)).toThrow(/observation: expected 2 numbers for two_moons, got 1/);
    expect(() => createReferenceSampler(task, [0.1, Number.NaN], 1, 100, 1)).toThrow(/observation: expected finite numbers, got NaN at x_2/);
    expect(() => createReferenceSampler(task, x, 1, 0, 1)).toThrow(/numDraws: expected a positive integer, got 0/);
  });

  it('should give up with an error, not hang, when rejection cannot reach the box', () => {
    // 80 units out, even the envelope restricted to the box has no mass there in double precision.
    const mixture = getTask('gaussian_mixture');
    expect(() => runToEnd(createReferenceSampler(mixture, [80, 80], 1, 1, 1))).toThrow(/expected x within reach of the box \(an envelope mass in it above 0 in double precision\), got x = \(80, 80\) at β = 1/);
  });
});
