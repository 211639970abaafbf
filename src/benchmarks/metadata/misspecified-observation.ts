import type { TaskInfo } from './task-metadata';

/** An observation the simulator cannot quite produce: where it came from, and what was done to it. */
export interface MisspecifiedObservation {
  /** [xDim] */
  readonly x: readonly number[];
  /** [thetaDim] the θ it was simulated from (observation 1's). */
  readonly theta: readonly number[];
  readonly description: string;
}

/**
 * Each task's "misspecified observation" preset (issue 20): one draw of the task's misspecified
 * variant — the simulator the calibration panel checks against — at observation 1's θ and the
 * variant's default ε, from the variant's `presetSeed` (a seed whose draw shows the contamination),
 * shipped in the task's observation file. Tempering (β < 1) is the generalized-Bayes answer to
 * such data: the posterior widens instead of committing to a wrong, over-confident answer.
 */
export function misspecifiedObservation(task: TaskInfo): MisspecifiedObservation {
  const { theta, x, epsilon, seed } = task.misspecifiedPreset;
  const variant = task.misspecified;
  return { x, theta, description: `one draw of the misspecified simulator (${variant.name}, ε = ${epsilon}, seed ${seed}) at observation 1's θ: ${variant.description}` };
}
