import type { Task } from './task';

/** An observation the simulator cannot quite produce, and what was done to it. */
export interface MisspecifiedObservation {
  readonly x: readonly number[];
  readonly description: string;
}

/**
 * Each task's "misspecified observation" preset: fixed observation 1 with an outlier the
 * model cannot explain well. Tempering (β < 1) is the generalized-Bayes answer to such data:
 * the posterior widens instead of committing to a wrong, over-confident answer.
 */
export function misspecifiedObservation(task: Task): MisspecifiedObservation {
  const x = [...task.observations[0]!.x];
  switch (task.id) {
    case 'two_moons':
      // Off the crescent's ring: the radius is N(0.1, 0.01²), this point sits 0.25 away.
      return { x: [x[0]! + 0.25, x[1]! + 0.25], description: 'observation 1 moved by (+0.25, +0.25), off the ring the simulator draws' };
    case 'gaussian_mixture':
    case 'gaussian_mixture_wide': {
      const edge = task.thetaHigh[0]! + 3;
      return { x: [edge, -edge], description: `x = (${edge}, −${edge}): three units beyond the prior box's corner` };
    }
    case 'slcp':
      x[6] = x[6]! + 8;
      x[7] = x[7]! - 8;
      return { x, description: 'observation 1 with its fourth draw moved by (+8, −8): one outlier among four' };
    case 'lorenz96': {
      // A spike in state 3 at step 10: one reading ten noise standard deviations off.
      const index = 10 * 8 + 2;
      x[index] = x[index]! + 10 * 2 * Math.sqrt(3 / 40);
      return { x, description: 'observation 1 with one reading (x₃ at step 10) ten noise standard deviations off' };
    }
    case 'hodgkin_huxley':
      // A resting potential 25 mV above the recorded one, with the stimulus response unchanged.
      x[1] = x[1]! + 25;
      return { x, description: 'observation 1 with its resting mean raised by 25 mV, the stimulus response left as recorded' };
  }
}

/** The evaluation grid 𝒢 of β values (DESIGN.md §4). */
export const EVALUATION_BETAS: readonly number[] = [0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5];

/** The β of 𝒢 inside a β domain [low, high], in order. */
export function evaluationBetasIn(domain: readonly [number, number]): number[] {
  return EVALUATION_BETAS.filter((beta) => beta >= domain[0] && beta <= domain[1]);
}
