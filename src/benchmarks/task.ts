import type { Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import type { MisspecifiedInfo, TaskInfo, TaskMetadata, TraceInfo } from './metadata/task-metadata';

/**
 * A benchmark simulator with a box-uniform prior and, for every task but Hodgkin–Huxley, an
 * exact likelihood (DESIGN.md §2): the task's metadata (`TaskMetadata`, all the page needs) with
 * the code that simulates and scores, and the facts only that code uses.
 *
 * Contract, checked for every task by `test/benchmarks/task-suite.test.ts`:
 * - `simulate` rejects θ outside the closed prior box, NaN and wrong widths with an Error
 *   naming the argument; the same rng state gives the same x.
 * - `logPrior` is the log of the uniform density inside the closed box and −∞ outside.
 * - `logLikelihood`, where present, accepts any finite θ (not only inside the box) and is the
 *   exact density of what `simulate` draws; it is present exactly when `hasLikelihood` says so,
 *   and then so is `reference`.
 */
export interface TaskModel extends TaskMetadata {
  /** For a task whose x summarises a recorded trace (Hodgkin–Huxley): the trace simulator. */
  readonly traces?: TraceModel;
  /** The contaminated simulator calibration checks the posterior against (issue 20); the networks never see it. */
  readonly misspecified: MisspecifiedSimulator;
  /** How DESIGN.md §3's reference sampler is set up for this task; absent without a likelihood. */
  readonly reference?: ReferenceRecipe;
  /**
   * Draws one x per θ row.
   * @param theta [n, thetaDim], inside the prior box
   * @returns [n, xDim]
   */
  simulate(theta: Matrix, rng: Rng): Matrix;
  /**
   * log π(θ) per row. @param theta [n, thetaDim] @returns [n]
   */
  logPrior(theta: Matrix): Float64Array;
  /**
   * log p(x | θ) per row, exact; absent when the likelihood is intractable.
   * @param theta [n, thetaDim], any finite values
   * @param x [n, xDim], or [1, xDim] to score one observation against every θ
   * @returns [n]
   */
  logLikelihood?(theta: Matrix, x: Matrix): Float64Array;
  /**
   * log p(x) = log ∫ π(θ) p(x | θ) dθ per row, exact (a closed form or a fine 1-D quadrature);
   * only where known (Two Moons, the Gaussian mixtures). It turns the exact likelihood into the
   * exact ratio log p(x | θ) − log p(x): the NRE-form oracle scores (DESIGN.md §4). −∞ only
   * where p(x) underflows a double (x dozens of noise scales from anything the prior reaches).
   * @param x [n, xDim] @returns [n]
   */
  logEvidence?(x: Matrix): Float64Array;
}

/**
 * A misspecified version of a task's simulator (issue 20): the data a person may really meet,
 * which the model p(x | θ) does not describe. Each is contaminated with probability ε and keeps
 * x where the task's likelihood is positive for the true θ, so the tempered posterior is defined.
 */
export interface MisspecifiedSimulator extends MisspecifiedInfo {
  /**
   * One x per θ row, contaminated with probability ε. @param theta [n, thetaDim] inside the box
   * @param epsilon in [0, 1) @returns [n, xDim]
   */
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix;
}

/** How a task's x comes from a time series: simulate the series, then summarise it. */
export interface TraceModel extends TraceInfo {
  /** @param theta [n, thetaDim] in the box @returns [n, length] traces; the same rng use as `simulate` */
  simulate(theta: Matrix, rng: Rng): Matrix;
  /** x of one trace sampled every `dt` ms. @param trace [length] @returns [xDim] */
  statistics(trace: ArrayLike<number>, dt: number): Float64Array;
}

/** A named region of θ whose posterior mass the reference diagnostics report (a crescent, a sign quadrant). */
export interface ModeRegion {
  readonly name: string;
  contains(theta: Float64Array): boolean;
}

/**
 * The reference sampler DESIGN.md §3 fixes for a task, as data the task owns;
 * `src/reference/create-reference-sampler.ts` builds the sampler from it:
 * - `mixture-rejection`: exact rejection for a likelihood ½ N(θ, s₁² I) + ½ N(θ, s₂² I);
 * - `random-walk`: random-walk Metropolis–Hastings adapted to `targetAcceptance` during burn-in,
 *   the kept draws split evenly over the chains. Its chains start either at `mirroredStarts` of the
 *   exact grid posterior's mode, each confined to its `regions` entry (a posterior symmetric
 *   across a line, one chain per side), or at the best of `numStartDraws` prior draws;
 *   its initial steps are `stepSizes`, or each prior width over `stepsPerPriorWidth`;
 * - `parallel-tempering`: replica exchange, the cold chain kept, each kept draw's `signFlips`
 *   coordinates given fair sign flips (a posterior symmetric in their signs).
 */
export type ReferenceRecipe = MixtureRejectionRecipe | RandomWalkRecipe | TemperingRecipe;

export interface MixtureRejectionRecipe {
  readonly kind: 'mixture-rejection';
  /** (s₁, s₂) of the likelihood ½ N(θ, s₁² I) + ½ N(θ, s₂² I). */
  readonly componentStds: readonly [number, number];
}

export interface RandomWalkRecipe {
  readonly kind: 'random-walk';
  readonly start:
    | { readonly from: 'grid-mode'; readonly mirroredStarts: (mode: Float64Array) => readonly Float64Array[]; readonly regions: readonly ((theta: Float64Array) => boolean)[] }
    | { readonly from: 'best-prior-draw'; readonly numStartDraws: number };
  readonly steps: { readonly stepSizes: readonly number[] } | { readonly stepsPerPriorWidth: number };
  readonly numBurnIn: number;
  readonly thin: number;
  readonly targetAcceptance: number;
  readonly modes?: readonly ModeRegion[];
}

export interface TemperingRecipe {
  readonly kind: 'parallel-tempering';
  readonly tempering: TemperingSettings;
  /** Coordinates whose signs the posterior ignores: each kept draw gets fair sign flips there. */
  readonly signFlips?: readonly number[];
  readonly modes?: readonly ModeRegion[];
}

/** Parallel tempering's settings (DESIGN.md §3); `ParallelTemperingOptions` adds a run's own. */
export interface TemperingSettings {
  /** Number of replicas R. */
  readonly numReplicas: number;
  /** The hottest inverse temperature; the ladder is geometric from here to β. */
  readonly hottestBeta: number;
  /** Proposal standard deviation at inverse temperature 1 (replica r starts at this / √β_r). */
  readonly baseStepSize: number;
  readonly targetAcceptance: number;
  /** Local random-walk updates per replica between two swap rounds. */
  readonly numLocalUpdates: number;
  /** Prior draws the replicas start from (the best R by likelihood). */
  readonly numInitialDraws: number;
  /** Iterations (local updates + one swap round) that adapt and are discarded. */
  readonly numBurnIn: number;
}

/** A task with its shipped data: the model and its `TaskInfo`. */
export type Task = TaskModel & TaskInfo;

/** A task whose exact likelihood is known (every task but Hodgkin–Huxley). */
export type TractableTaskModel = TaskModel & { logLikelihood(theta: Matrix, x: Matrix): Float64Array };

/** The task's exact likelihood; an Error naming the task when it has none (Hodgkin–Huxley). */
export function requireLikelihood(task: TaskModel): NonNullable<TaskModel['logLikelihood']> {
  const logLikelihood = task.logLikelihood;
  if (!logLikelihood) throw new Error(`${task.id}: expected a task with a tractable likelihood, got one without (no reference sampler or oracle scores)`);
  return logLikelihood.bind(task);
}

/** log x is floored here, so a zero (a perfectly flat trace) stays finite. */
const LOG_FLOOR = 1e-12;

/**
 * Data rows as networks see them, in place: integer columns (a spike count) plus `offset(i)` —
 * U(0, 1) in training, ½ for an observation — and `logXColumns` as log max(x, 10⁻¹²).
 * @param rows [n, xDim] raw, overwritten
 */
export function toNetworkData(task: TaskModel, rows: Float64Array, offset: (row: number) => number): Float64Array {
  const n = rows.length / task.xDim;
  for (let i = 0; i < n; i++) {
    for (const column of task.integerXColumns) rows[i * task.xDim + column]! += offset(i);
    for (const column of task.logXColumns ?? []) rows[i * task.xDim + column] = Math.log(Math.max(LOG_FLOOR, rows[i * task.xDim + column]!));
  }
  return rows;
}

/**
 * An observation as networks see it (`toNetworkData`): integer columns moved to the middle of
 * their dequantisation interval, x + ½, matching training data x + U(0, 1); log columns logged.
 * @param x [xDim] raw @returns [xDim] a new array
 */
export function networkObservation(task: TaskModel, x: ArrayLike<number>): Float64Array {
  return toNetworkData(task, Float64Array.from(x as ArrayLike<number>), () => 0.5);
}
