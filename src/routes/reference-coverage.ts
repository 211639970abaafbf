import type { Task } from '../benchmarks/task';
import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { bootstrapCoverage, COVERAGE_LEVELS, type CoverageEstimate, expectedCoverage, highestDensityRank } from '../metrics/coverage';
import { createReferenceSampler } from '../reference/create-reference-sampler';
import { runToEnd } from '../reference/sampler';
import { logTemperedTarget } from '../reference/tempered-target';
import type { CalibrationDataSets } from './calibration';

/**
 * The reference check of a calibration (issue 20; DESIGN.md §5): the same expected coverage as
 * `calibrate`, with the task's reference sampler in place of q — so a person can tell whether a
 * network's under-coverage is the simulator's misspecification (the reference under-covers too)
 * or the network's own error (it does not). Each data set's M reference draws of p_β(θ | xₖ) are
 * ranked by the exact tempered target log π(θ) + β log p(xₖ | θ): a density up to a constant is
 * all a highest-density rank needs. The first data sets of a calibration (K = 50 by default) at
 * two β (1 and the chosen one) keep it to a few hundred sampler runs.
 */

/** How many of a calibration's data sets the reference check uses. */
export const REFERENCE_CHECK_DATA_SETS = 50;

/** One β of the reference check. */
export interface ReferenceCoverageAtBeta {
  readonly beta: number;
  /** Expected coverage at COVERAGE_LEVELS. */
  readonly curve: number[];
  readonly atLevel: CoverageEstimate;
}

export interface ReferenceCoverage {
  readonly numDataSets: number;
  readonly drawsPerDataSet: number;
  readonly perBeta: ReferenceCoverageAtBeta[];
  /** False when `onDataSet` stopped it: perBeta holds the β finished. */
  readonly complete: boolean;
}

/**
 * The β a reference check looks at: 1 (the standard posterior) and the calibration's choice (or,
 * when none reaches the level, the grid's smallest β), those inside the task's domain.
 */
export function referenceCheckBetas(task: Task, chosen: number | null, betas: readonly number[]): number[] {
  const [low, high] = task.betaDomain;
  return [...new Set([1, chosen ?? Math.min(...betas)])].filter((beta) => beta >= low && beta <= high);
}

/**
 * Expected coverage of the exact tempered posterior on `dataSets` (raw x, as the simulator made
 * it) at each β, from `drawsPerDataSet` reference draws per data set. Seeds: data set i at β
 * number j runs the reference sampler from seed + 1000·j + i; β number j bootstraps from
 * Rng.fromSeed(seed, 7 + j) (the numbers the `calibrate` command has always written).
 * @param onDataSet after each sampler run (progress; return false to stop)
 * @param drawReference the reference draws of one (x, β, n, seed) — by default a fresh sampler run;
 *   the `calibrate` command passes its on-disk cache, so several routes' checks on the same data
 *   sets run SLCP's parallel tempering once
 */
export async function referenceCoverage(
  task: Task,
  dataSets: CalibrationDataSets,
  options: {
    betas: readonly number[];
    drawsPerDataSet: number;
    level: number;
    numBootstrap?: number;
    onDataSet?: (done: number, total: number) => boolean | void | Promise<boolean | void>;
    drawReference?: (x: Float64Array, beta: number, numDraws: number, seed: number) => Matrix;
  },
  seed: number,
): Promise<ReferenceCoverage> {
  if (!task.logLikelihood) throw new Error(`reference check: expected a task with a reference sampler, got ${task.id} (its likelihood is intractable)`);
  const k = dataSets.theta.length / task.thetaDim;
  if (!Number.isInteger(k) || dataSets.x.length !== k * task.xDim) throw new Error(`reference check: expected θ [K, ${task.thetaDim}] and x [K, ${task.xDim}], got ${dataSets.theta.length} and ${dataSets.x.length} values`);
  const total = k * options.betas.length;
  const drawReference = options.drawReference ?? ((x, beta, numDraws, runSeed) => runToEnd(createReferenceSampler(task, x, beta, numDraws, runSeed)).samples);
  const perBeta: ReferenceCoverageAtBeta[] = [];
  for (const [j, beta] of options.betas.entries()) {
    const ranks = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const xi = dataSets.x.slice(i * task.xDim, (i + 1) * task.xDim);
      const xMatrix = { data: xi, numRows: 1, numCols: task.xDim };
      const sampled = drawReference(xi, beta, options.drawsPerDataSet, seed + 1000 * j + i);
      const truth = { data: dataSets.theta.slice(i * task.thetaDim, (i + 1) * task.thetaDim), numRows: 1, numCols: task.thetaDim };
      ranks[i] = highestDensityRank(logTemperedTarget(task, xMatrix, beta, truth)[0]!, logTemperedTarget(task, xMatrix, beta, sampled));
      if ((await options.onDataSet?.(j * k + i + 1, total)) === false && j * k + i + 1 < total) {
        return { numDataSets: k, drawsPerDataSet: options.drawsPerDataSet, perBeta, complete: false };
      }
    }
    perBeta.push({ beta, curve: expectedCoverage(ranks, COVERAGE_LEVELS), atLevel: bootstrapCoverage(ranks, options.level, Rng.fromSeed(seed, 7 + j), options.numBootstrap) });
  }
  return { numDataSets: k, drawsPerDataSet: options.drawsPerDataSet, perBeta, complete: true };
}
