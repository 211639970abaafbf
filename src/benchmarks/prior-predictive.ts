import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { assertPositiveInteger } from '../core/validate';
import { sampleBoxPrior } from './box-prior';
import type { TaskModel } from './task';

/** Paired draws (θᵢ, xᵢ) ~ π(θ) p(x | θ). */
export interface JointSample {
  /** [n, thetaDim] */
  readonly theta: Matrix;
  /** [n, xDim] */
  readonly x: Matrix;
}

/**
 * n prior-predictive draws: θ from the prior box, then x = simulate(θ), all from one stream
 * `Rng.fromSeed(seed)`. The command line, the page's worker and the tests call this one
 * function, so the same seed gives the same numbers everywhere.
 */
export function simulatePriorPredictive(task: TaskModel, n: number, seed: number): JointSample {
  assertPositiveInteger('n', n);
  const rng = Rng.fromSeed(seed);
  const theta = sampleBoxPrior(task, n, rng);
  return { theta, x: task.simulate(theta, rng) };
}
