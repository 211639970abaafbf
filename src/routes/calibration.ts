import { networkObservation, type TaskModel } from '../benchmarks/task';
import { MIN_CALIBRATION_DATA_SETS, MIN_CALIBRATION_DRAWS } from '../core/limits';
import type { Rng } from '../core/rng';
import type { ConditionalDensity } from '../nn/conditional-density';
import { bootstrapCoverage, type BetaChoice, chooseBeta, type CoverageAtBeta, COVERAGE_LEVELS, expectedCoverage, highestDensityRank, sbcRanks } from '../metrics/coverage';

/**
 * Calibration of an amortized posterior across β (issue 20; DESIGN.md §5): K data sets (θ*ₖ
 * from the prior, xₖ from the simulator or its misspecified variant), M draws of q(θ | xₖ, β)
 * each with their densities, at every β of a grid. Amortization is what makes it affordable:
 * one batched pass per β for all K data sets, where a sampler would run K chains.
 */

/** What calibration needs of a posterior: batched draws and densities (a network, or an exact toy in tests). */
export interface CalibratedPosterior {
  readonly thetaDim: number;
  readonly xDim: number;
  /** `perDataSet` draws for each x row at β. @param x [K, xDim] @returns [K · perDataSet, thetaDim], rows of one x together */
  sampleEach(x: Float64Array, perDataSet: number, rng: Rng, beta: number): Promise<Float64Array>;
  /** log q(θᵢ | xᵢ, β) per row. @param theta [n, thetaDim] @param x [n, xDim] @returns [n] */
  logProb(theta: Float64Array, x: Float64Array, beta: number): Promise<Float64Array>;
}

/** K data sets: the true θ and the data simulated from it. */
export interface CalibrationDataSets {
  /** [K, thetaDim] */
  readonly theta: Float64Array;
  /** [K, xDim] */
  readonly x: Float64Array;
}

export interface CalibrationOptions {
  readonly betas: readonly number[];
  /** M, draws per data set. */
  readonly drawsPerDataSet: number;
  /** The level whose coverage chooses β (default 0.9). */
  readonly level: number;
  readonly numBootstrap: number;
  /** Called after each β (progress; return false to stop). */
  readonly onBeta?: (done: number, total: number) => boolean | void | Promise<boolean | void>;
}

/** One β's calibration. */
export interface CalibrationAtBeta {
  readonly beta: number;
  /** rₖ per data set: the smallest highest-density level holding θ*ₖ. [K] */
  readonly ranks: Float64Array;
  /** Expected coverage at COVERAGE_LEVELS. */
  readonly curve: number[];
  /** Coverage at the chosen level with its bootstrap interval. */
  readonly atLevel: CoverageAtBeta;
  /** SBC ranks per data set and parameter, 0…M. [K, thetaDim] */
  readonly sbc: Int32Array;
}

export interface CalibrationResult {
  readonly numDataSets: number;
  readonly drawsPerDataSet: number;
  readonly levels: readonly number[];
  readonly perBeta: CalibrationAtBeta[];
  readonly choice: BetaChoice;
  /** False when `onBeta` stopped it: perBeta holds the β done, and the choice is among them. */
  readonly complete: boolean;
}

/** The smallest K and M that calibrate anything (see core/limits). */
export const MIN_DATA_SETS = MIN_CALIBRATION_DATA_SETS;
export const MIN_DRAWS = MIN_CALIBRATION_DRAWS;

/**
 * Expected coverage and SBC ranks of `posterior` on `dataSets` at every β of `options.betas`,
 * and the chosen β (the largest reaching `level` within its bootstrap interval). Seeded by `rng`:
 * β number j draws from `rng`'s j-th split, bootstraps from the next.
 */
export async function calibrate(posterior: CalibratedPosterior, dataSets: CalibrationDataSets, options: CalibrationOptions, rng: Rng): Promise<CalibrationResult> {
  const { thetaDim, xDim } = posterior;
  const k = dataSets.theta.length / thetaDim;
  const m = options.drawsPerDataSet;
  if (!Number.isInteger(k) || dataSets.x.length !== k * xDim) throw new Error(`calibrate: expected θ [K, ${thetaDim}] and x [K, ${xDim}], got ${dataSets.theta.length} and ${dataSets.x.length} values`);
  if (!(k >= MIN_DATA_SETS)) throw new Error(`calibrate: expected at least ${MIN_DATA_SETS} data sets (fewer move the coverage by 5 % or more per data set), got ${k}`);
  if (!(Number.isInteger(m) && m >= MIN_DRAWS)) throw new Error(`calibrate: expected at least ${MIN_DRAWS} draws per data set (fewer move each rank by 2 % or more), got ${m}`);
  if (options.betas.length === 0) throw new Error('calibrate: expected at least one β, got none');
  const perBeta: CalibrationAtBeta[] = [];
  const streams = options.betas.map(() => [rng.split(), rng.split()] as const);
  let complete = true;
  for (const [j, beta] of options.betas.entries()) {
    const [drawRng, bootstrapRng] = streams[j]!;
    const draws = await posterior.sampleEach(dataSets.x, m, drawRng, beta);
    // Densities of every draw and of the K truths in one pass: rows [draws…, truths…].
    const theta = new Float64Array((k * m + k) * thetaDim);
    theta.set(draws);
    theta.set(dataSets.theta, k * m * thetaDim);
    const x = new Float64Array((k * m + k) * xDim);
    for (let i = 0; i < k; i++) for (let r = 0; r < m; r++) x.set(dataSets.x.subarray(i * xDim, (i + 1) * xDim), (i * m + r) * xDim);
    x.set(dataSets.x, k * m * xDim);
    const logDensity = await posterior.logProb(theta, x, beta);
    const ranks = new Float64Array(k);
    const sbc = new Int32Array(k * thetaDim);
    for (let i = 0; i < k; i++) {
      ranks[i] = highestDensityRank(logDensity[k * m + i]!, logDensity.subarray(i * m, (i + 1) * m));
      sbc.set(sbcRanks(dataSets.theta.subarray(i * thetaDim, (i + 1) * thetaDim), draws.subarray(i * m * thetaDim, (i + 1) * m * thetaDim), thetaDim), i * thetaDim);
    }
    perBeta.push({ beta, ranks, curve: expectedCoverage(ranks, COVERAGE_LEVELS), atLevel: { beta, ...bootstrapCoverage(ranks, options.level, bootstrapRng, options.numBootstrap) }, sbc });
    if ((await options.onBeta?.(j + 1, options.betas.length)) === false && j + 1 < options.betas.length) {
      complete = false;
      break;
    }
  }
  return { numDataSets: k, drawsPerDataSet: m, levels: COVERAGE_LEVELS, perBeta, choice: chooseBeta(perBeta.map((row) => row.atLevel), options.level), complete };
}

/** x rows [n, xDim] in the networks' form (dequantised counts, logs where the task says), as the networks were trained. */
export function networkRows(task: TaskModel, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length / task.xDim; i++) out.set(networkObservation(task, x.subarray(i * task.xDim, (i + 1) * task.xDim)), i * task.xDim);
  return out;
}

/** A trained q(θ | x, β) as calibration sees it; give it data sets whose x went through `networkRows` once. */
export function networkPosterior(model: ConditionalDensity, task: TaskModel): CalibratedPosterior {
  return {
    thetaDim: task.thetaDim,
    xDim: task.xDim,
    sampleEach: (x, perDataSet, rng, beta) => model.sampleEach(x, perDataSet, rng, beta),
    logProb: (theta, x, beta) => model.logProb(theta, x, beta),
  };
}
