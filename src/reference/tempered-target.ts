import { requireLikelihood, type Task } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';

import { MAX_BETA } from '../core/limits';

/** The largest β the reference samplers accept (DESIGN.md §3: every β in (0, 10]). */
export { MAX_BETA };

/** Checks β ∈ (0, 10]; anything else is an Error saying what was expected and what arrived. */
export function checkBeta(beta: number): void {
  if (!(beta > 0 && beta <= MAX_BETA)) {
    throw new Error(`beta: expected a number in (0, ${MAX_BETA}], got ${String(beta)}`);
  }
}

/** Checks an observation for a task: xDim finite numbers. Returns it as a [1, xDim] matrix. */
export function checkObservation(task: Task, xObs: ArrayLike<number>): Matrix {
  if (xObs.length !== task.xDim) {
    throw new Error(`observation: expected ${task.xDim} numbers for ${task.id}, got ${xObs.length}`);
  }
  for (let k = 0; k < xObs.length; k++) {
    if (!Number.isFinite(xObs[k])) throw new Error(`observation: expected finite numbers, got ${xObs[k]} at x_${k + 1}`);
  }
  return matrixFrom(Float64Array.from(xObs), 1, task.xDim, 'observation');
}

/**
 * log of the unnormalised tempered posterior, log π(θ) + β log p(x | θ), per row, with the
 * prior's −∞ outside the box taking precedence (so β·(−∞) never meets +∞ or NaN).
 * @param theta [n, thetaDim] @returns [n]
 */
export function logTemperedTarget(task: Task, xObs: Matrix, beta: number, theta: Matrix): Float64Array {
  const logPrior = task.logPrior(theta);
  const logLikelihood = requireLikelihood(task)(theta, xObs);
  const out = new Float64Array(theta.numRows);
  for (let i = 0; i < theta.numRows; i++) {
    const prior = logPrior[i]!;
    out[i] = prior === Number.NEGATIVE_INFINITY ? prior : prior + beta * logLikelihood[i]!;
  }
  return out;
}

/**
 * Reflects each coordinate of θ into [low, high] (mirror at the walls, repeatedly for long
 * jumps). A symmetric proposal followed by reflection is still symmetric, so Metropolis–
 * Hastings needs no correction.
 * @param theta [d] changed in place
 */
export function reflectIntoBox(theta: Float64Array, low: Float64Array, high: Float64Array): void {
  for (let j = 0; j < theta.length; j++) {
    const lo = low[j]!;
    if (theta[j]! >= lo && theta[j]! <= high[j]!) continue; // inside: most proposals
    const width = high[j]! - lo;
    // Fold onto a period of 2·width, then mirror the upper half.
    let offset = (theta[j]! - lo) % (2 * width);
    if (offset < 0) offset += 2 * width;
    theta[j] = lo + (offset <= width ? offset : 2 * width - offset);
  }
}
