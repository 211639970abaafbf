import { Rng } from '../core/rng';
import type { Task } from './task';

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
 * variant's default ε, from the variant's `presetSeed` (a seed whose draw shows the contamination).
 * Tempering (β < 1) is the generalized-Bayes answer to such data: the posterior widens instead of
 * committing to a wrong, over-confident answer.
 */
export function misspecifiedObservation(task: Task): MisspecifiedObservation {
  // One simulation per task, kept: the page asks for the preset's x on every β step (its selection key).
  let preset = PRESETS.get(task);
  if (!preset) {
    preset = simulatePreset(task);
    PRESETS.set(task, preset);
  }
  return preset;
}

/** The presets simulated so far, by task (a deterministic function of the task, so a cache is safe). */
const PRESETS = new WeakMap<Task, MisspecifiedObservation>();

function simulatePreset(task: Task): MisspecifiedObservation {
  const { theta } = task.observations[0]!;
  const variant = task.misspecified;
  const x = variant.simulate({ data: Float64Array.from(theta), numRows: 1, numCols: task.thetaDim }, variant.defaultEpsilon, Rng.fromSeed(variant.presetSeed));
  return {
    x: Array.from(x.data),
    theta,
    description: `one draw of the misspecified simulator (${variant.name}, ε = ${variant.defaultEpsilon}, seed ${variant.presetSeed}) at observation 1's θ: ${variant.description}`,
  };
}

/** The evaluation grid 𝒢 of β values (DESIGN.md §4). */
export const EVALUATION_BETAS: readonly number[] = [0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5];

/** The β of 𝒢 inside a β domain [low, high], in order. */
export function evaluationBetasIn(domain: readonly [number, number]): number[] {
  return EVALUATION_BETAS.filter((beta) => beta >= domain[0] && beta <= domain[1]);
}
