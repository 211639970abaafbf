import { misspecifiedObservation } from '../benchmarks/misspecified';
import type { Task } from '../benchmarks/task';

/** Which observation the lab conditions on. */
export type ObservationChoice =
  | { readonly kind: 'fixed'; readonly index: number }
  | { readonly kind: 'misspecified' }
  /** A named showcase cell of the task (Hodgkin–Huxley: regular, sparse, quiet). */
  | { readonly kind: 'showcase'; readonly id: string }
  | { readonly kind: 'custom'; readonly x: readonly number[]; readonly theta: readonly number[] | null };

/** The observation's values. @returns [xDim] */
export function observationValues(task: Task, choice: ObservationChoice): readonly number[] {
  switch (choice.kind) {
    case 'fixed':
      return task.observations[choice.index]!.x;
    case 'misspecified':
      return misspecifiedObservation(task).x;
    case 'custom':
      return choice.x;
    case 'showcase':
      return showcaseOf(task, choice.id).x;
  }
}

/** The task's showcase cell `id`; an unknown id is an Error listing the valid ones. */
export function showcaseOf(task: Task, id: string) {
  const showcase = task.showcases.find((cell) => cell.id === id);
  if (!showcase) throw new Error(`showcase: expected one of ${task.showcases.map((cell) => cell.id).join(', ') || '(none for this task)'}, got "${id}"`);
  return showcase;
}

/** The θ that produced the observation, when it is known. */
export function trueTheta(task: Task, choice: ObservationChoice): readonly number[] | null {
  if (choice.kind === 'fixed') return task.observations[choice.index]!.theta;
  if (choice.kind === 'custom') return choice.theta;
  if (choice.kind === 'showcase') return showcaseOf(task, choice.id).theta;
  return null;
}

/** A human label for the observation. */
export function observationLabel(choice: ObservationChoice): string {
  if (choice.kind === 'fixed') return `observation ${choice.index + 1}`;
  if (choice.kind === 'misspecified') return 'misspecified observation';
  if (choice.kind === 'showcase') return `showcase cell “${choice.id}”`;
  return choice.theta ? 'new simulated observation' : 'dragged observation';
}

/** β clamped into the task's domain, with a note when it had to move. */
export function clampBeta(task: Task, beta: number): { beta: number; note: string | null } {
  const [low, high] = task.betaDomain;
  if (!Number.isFinite(beta)) return { beta: 1, note: `β: expected a number in [${low}, ${high}], got ${beta}; using 1.` };
  if (beta < low || beta > high) {
    const clamped = Math.min(Math.max(beta, low), high);
    return { beta: clamped, note: `β = ${beta} is outside ${task.title}'s domain [${low}, ${high}]; clamped to ${clamped}.` };
  }
  return { beta, note: null };
}

/** Whether any value of x lies outside the task's usual data range, and which. */
export function outsideDataRange(task: Task, x: readonly number[]): number[] {
  return x.flatMap((value, k) => (value < task.dataRange.low[k]! || value > task.dataRange.high[k]! ? [k] : []));
}

/** β ↔ slider position on a log scale over the domain: position ∈ [0, 1000]. */
export const SLIDER_STEPS = 1000;

export function betaToSlider(task: Task, beta: number): number {
  const [low, high] = task.betaDomain;
  return Math.round((SLIDER_STEPS * Math.log(beta / low)) / Math.log(high / low));
}

export function sliderToBeta(task: Task, position: number): number {
  const [low, high] = task.betaDomain;
  const beta = low * (high / low) ** (position / SLIDER_STEPS);
  return Number(beta.toPrecision(3));
}
