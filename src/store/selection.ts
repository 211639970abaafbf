import { misspecifiedObservation } from '../benchmarks/metadata/misspecified-observation';
import { betaDomainText, type TaskInfo } from '../benchmarks/metadata/task-metadata';

/** Which observation the lab conditions on. */
export type ObservationChoice =
  | { readonly kind: 'fixed'; readonly index: number }
  | { readonly kind: 'misspecified' }
  /** A named showcase cell of the task (Hodgkin–Huxley: regular, sparse, quiet). */
  | { readonly kind: 'showcase'; readonly id: string }
  | { readonly kind: 'custom'; readonly x: readonly number[]; readonly theta: readonly number[] | null }
  /** A recorded trace brought into the page: its statistics, and the trace (thinned) for drawing. */
  | { readonly kind: 'recorded'; readonly name: string; readonly x: readonly number[]; readonly trace: { readonly dt: number; readonly voltage: readonly number[] } };

/** The observation's values. @returns [xDim] */
export function observationValues(task: TaskInfo, choice: ObservationChoice): readonly number[] {
  switch (choice.kind) {
    case 'fixed':
      return task.observations[choice.index]!.x;
    case 'misspecified':
      return misspecifiedObservation(task).x;
    case 'custom':
    case 'recorded':
      return choice.x;
    case 'showcase':
      return showcaseOf(task, choice.id).x;
  }
}

/** The task's showcase cell `id`; an unknown id is an Error listing the valid ones. */
export function showcaseOf(task: TaskInfo, id: string) {
  const showcase = task.showcases.find((cell) => cell.id === id);
  if (!showcase) throw new Error(`showcase: expected one of ${task.showcases.map((cell) => cell.id).join(', ') || '(none for this task)'}, got "${id}"`);
  return showcase;
}

/** The θ that produced the observation, when it is known. */
export function trueTheta(task: TaskInfo, choice: ObservationChoice): readonly number[] | null {
  if (choice.kind === 'fixed') return task.observations[choice.index]!.theta;
  if (choice.kind === 'custom') return choice.theta;
  if (choice.kind === 'showcase') return showcaseOf(task, choice.id).theta;
  if (choice.kind === 'misspecified') return misspecifiedObservation(task).theta;
  return null;
}

/** A human label for the observation. */
export function observationLabel(choice: ObservationChoice): string {
  if (choice.kind === 'fixed') return `observation ${choice.index + 1}`;
  if (choice.kind === 'misspecified') return 'misspecified observation';
  if (choice.kind === 'showcase') return `showcase cell “${choice.id}”`;
  if (choice.kind === 'recorded') return `recorded trace “${choice.name}”`;
  return choice.theta ? 'new simulated observation' : 'dragged observation';
}

/** β clamped into the task's domain, with a note when it had to move. */
export function clampBeta(task: TaskInfo, beta: number): { beta: number; note: string | null } {
  const [low, high] = task.betaDomain;
  if (!Number.isFinite(beta)) return { beta: 1, note: `β: expected a number in ${betaDomainText(task)}, got ${beta}; using 1.` };
  if (beta < low || beta > high) {
    const clamped = Math.min(Math.max(beta, low), high);
    return { beta: clamped, note: `β: expected a number in ${betaDomainText(task)}, got ${beta}; clamped to ${clamped}.` };
  }
  return { beta, note: null };
}

/** Whether any value of x lies outside the task's usual data range, and which. */
export function outsideDataRange(task: TaskInfo, x: readonly number[]): number[] {
  return x.flatMap((value, k) => (value < task.dataRange.low[k]! || value > task.dataRange.high[k]! ? [k] : []));
}

/** β ↔ slider position on a log scale over the domain: position ∈ [0, 1000]. */
export const SLIDER_STEPS = 1000;

export function betaToSlider(task: TaskInfo, beta: number): number {
  const [low, high] = task.betaDomain;
  return Math.round((SLIDER_STEPS * Math.log(beta / low)) / Math.log(high / low));
}

export function sliderToBeta(task: TaskInfo, position: number): number {
  const [low, high] = task.betaDomain;
  const beta = low * (high / low) ** (position / SLIDER_STEPS);
  return Number(beta.toPrecision(3));
}

/** One mark under the β slider: its position (0–100 %) and whether it carries a label. */
export interface SliderMark {
  readonly beta: number;
  readonly percent: number;
  readonly labelled: boolean;
}

/**
 * The slider's marks: 𝒢 inside the domain plus both ends. On the log scale 0.9, 1 and 1.1 sit a
 * few percent apart, so labels are thinned to at least `minGapPercent` apart, β = 1 (the Bayes
 * posterior) and the ends first, then 𝒢 from the outside in; every mark keeps its tick.
 */
export function sliderMarks(task: TaskInfo, grid: readonly number[], minGapPercent = 8): SliderMark[] {
  const [low, high] = task.betaDomain;
  const betas = [...new Set([low, ...grid.filter((beta) => beta >= low && beta <= high), high])].sort((a, b) => a - b);
  const percent = (beta: number) => (100 * betaToSlider(task, beta)) / SLIDER_STEPS;
  const priority = (beta: number) => (beta === 1 ? 0 : beta === low || beta === high ? 1 : 2 + Math.abs(Math.log(beta)));
  const labelled: number[] = [];
  for (const beta of [...betas].sort((a, b) => priority(a) - priority(b))) {
    if (labelled.every((other) => Math.abs(percent(other) - percent(beta)) >= minGapPercent)) labelled.push(beta);
  }
  return betas.map((beta) => ({ beta, percent: percent(beta), labelled: labelled.includes(beta) }));
}

/** β as the page writes it: three significant digits (a ladder rung's 0.27607… reads 0.276). */
export function formatBeta(beta: number): string {
  return String(Number(beta.toPrecision(3)));
}
