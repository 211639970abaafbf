import type { Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';

/** The ids of the benchmark tasks (DESIGN.md §7). */
export type TaskId = 'two_moons' | 'gaussian_mixture' | 'gaussian_mixture_wide' | 'slcp' | 'lorenz96' | 'hodgkin_huxley';

/** A fixed observation shipped with a task: simulated once from the prior predictive. */
export interface Observation {
  /** [thetaDim] the parameter that produced it */
  readonly theta: readonly number[];
  /** [xDim] the simulated data */
  readonly x: readonly number[];
}

/**
 * How the page should draw one simulated x:
 * - `points`: x is `numPoints` 2-D points flattened as (a₁, b₁, a₂, b₂, …);
 * - `series`: x is `numSteps` time steps of `numSeries` values, time-major, `dt` apart;
 * - `statistics`: x is a vector of named summary statistics (of a voltage trace).
 */
export type DataView =
  | { readonly kind: 'points'; readonly numPoints: number }
  | { readonly kind: 'series'; readonly numSteps: number; readonly numSeries: number; readonly dt: number }
  | { readonly kind: 'statistics' };

/**
 * A benchmark simulator with a box-uniform prior and, for every task but Hodgkin–Huxley, an
 * exact likelihood (DESIGN.md §2).
 *
 * Contract, checked for every task by `test/benchmarks/task-suite.test.ts`:
 * - `simulate` rejects θ outside the closed prior box, NaN and wrong widths with an Error
 *   naming the argument; the same rng state gives the same x.
 * - `logPrior` is the log of the uniform density inside the closed box and −∞ outside.
 * - `logLikelihood`, where present, accepts any finite θ (not only inside the box) and is the
 *   exact density of what `simulate` draws. A task without it has no reference sampler.
 */
export interface TaskModel {
  readonly id: TaskId;
  /** A short human title. */
  readonly title: string;
  /** One sentence for the page. */
  readonly summary: string;
  /** [thetaDim] display names of the parameters. */
  readonly thetaNames: readonly string[];
  /** [xDim] display names of the data columns. */
  readonly xNames: readonly string[];
  readonly thetaDim: number;
  readonly xDim: number;
  /** [thetaDim] lower corner of the prior box. */
  readonly thetaLow: Float64Array;
  /** [thetaDim] upper corner of the prior box. */
  readonly thetaHigh: Float64Array;
  /** The β values this task is trained and shown for, [low, high]. */
  readonly betaDomain: readonly [number, number];
  /** Indices of data columns that are constant for every θ (networks drop them). */
  readonly constantXColumns: readonly number[];
  /**
   * Indices of data columns that only take integer values (a spike count). Networks see them
   * dequantised: + U(0, 1) in training, + ½ for an observation (`networkObservation`).
   */
  readonly integerXColumns: readonly number[];
  /**
   * Positive, heavy-tailed data columns that networks see as log x (Hodgkin–Huxley's variances
   * and kurtosis). Any monotone map of x leaves every p_β(θ | x) unchanged (its Jacobian does
   * not depend on θ), and on the log scale a neural likelihood's scores have a far lighter tail.
   */
  readonly logXColumns?: readonly number[];
  readonly dataView: DataView;
  /** How x is built, when the networks should know it (`DataStructure`); absent: x is one vector. */
  readonly dataStructure?: DataStructure;
  /** For a task whose x summarises a recorded trace (Hodgkin–Huxley): the trace simulator. */
  readonly traces?: TraceModel;
  /** The contaminated simulator calibration checks the posterior against (issue 20); the networks never see it. */
  readonly misspecified: MisspecifiedSimulator;
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
export interface MisspecifiedSimulator {
  /** A few words for the page and the command line, e.g. "radial noise ×3". */
  readonly name: string;
  /** What it changes and why the standard posterior (β = 1) under-covers with it. */
  readonly description: string;
  /** ε by default, chosen so that β = 1 under-covers visibly. */
  readonly defaultEpsilon: number;
  /**
   * The seed of the page's "misspecified observation": one draw of this variant at observation
   * 1's θ and the default ε — the first seed from 1 whose draw the model finds surprising (its
   * log-likelihood at θ below the 1st percentile of the model's own draws; without a likelihood,
   * a statistic more than 4 standard deviations off). The task suite checks it.
   */
  readonly presetSeed: number;
  /**
   * One x per θ row, contaminated with probability ε. @param theta [n, thetaDim] inside the box
   * @param epsilon in [0, 1) @returns [n, xDim]
   */
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix;
}

/** How a task's x comes from a time series: simulate the series, then summarise it. */
export interface TraceModel {
  /** Sampling interval (ms) and what the trace measures, for axes. */
  readonly dt: number;
  readonly label: string;
  /** @param theta [n, thetaDim] in the box @returns [n, length] traces; the same rng use as `simulate` */
  simulate(theta: Matrix, rng: Rng): Matrix;
  /** x of one trace sampled every `dt` ms. @param trace [length] @returns [xDim] */
  statistics(trace: ArrayLike<number>, dt: number): Float64Array;
}

/**
 * Where simulated data usually fall: per-column quantiles of many prior-predictive draws
 * (written with the observations). The page warns when an observation leaves this range.
 */
export interface DataRange {
  /** [2] the lower and upper quantile levels, e.g. [0.005, 0.995]. */
  readonly levels: readonly number[];
  readonly numDraws: number;
  /** [xDim] lower quantiles */
  readonly low: readonly number[];
  /** [xDim] upper quantiles */
  readonly high: readonly number[];
}

/** A task with its shipped data (`src/benchmarks/observations/<id>.json`). */
export interface Task extends TaskModel {
  /** The 10 fixed observations with their true θ. */
  readonly observations: readonly Observation[];
  readonly dataRange: DataRange;
  /** Named example observations beyond the 10 fixed ones (Hodgkin–Huxley's showcase cells). */
  readonly showcases: readonly ShowcaseObservation[];
}

/** A named example observation (e.g. "regular spiker") with the θ that produced it. */
export interface ShowcaseObservation extends Observation {
  /** Short id for URLs and flags, e.g. `regular`. */
  readonly id: string;
  /** Human name, e.g. "Regular spiker". */
  readonly name: string;
}

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

/** The β domain a task uses unless it declares another (DESIGN.md §2). */
/**
 * How a task's x is built, declared so that networks can respect it (issue 19): `exchangeable` —
 * `numDraws` i.i.d. draws of `drawDim` columns, one after another (SLCP); `trajectory` — a
 * Markov chain of `numStates` states of `stateDim` columns, in time order (Lorenz-96). The
 * posterior's embedding and B-NRE's classifier pool a shared network over the draws or the
 * transitions (x_t, x_t+1); B-NLE's likelihood factorises over exchangeable draws.
 */
export type DataStructure =
  | { readonly kind: 'exchangeable'; readonly numDraws: number; readonly drawDim: number }
  | { readonly kind: 'trajectory'; readonly numStates: number; readonly stateDim: number };

/** The number of x columns a declaration spans. */
export function structureWidth(structure: DataStructure): number {
  return structure.kind === 'exchangeable' ? structure.numDraws * structure.drawDim : structure.numStates * structure.stateDim;
}

/**
 * Checks a task's declaration against its data width: an Error naming both when they differ,
 * or when a declaration has fewer than 2 draws (states) or a part of no columns.
 */
export function checkDataStructure(structure: DataStructure, xDim: number, source: string): void {
  const [count, width, what] = structure.kind === 'exchangeable' ? [structure.numDraws, structure.drawDim, 'draws'] : [structure.numStates, structure.stateDim, 'states'];
  if (!(Number.isInteger(count) && count >= 2 && Number.isInteger(width) && width >= 1)) {
    throw new Error(`${source}: expected ${structure.kind === 'exchangeable' ? 'an' : 'a'} ${structure.kind} declaration of at least 2 ${what} of at least 1 column, got ${count} ${what} of ${width}`);
  }
  if (count * width !== xDim) {
    throw new Error(`${source}: expected the ${structure.kind} declaration (${count} ${what} × ${width} columns = ${count * width}) to match x's width, got x of ${xDim} columns`);
  }
}

export const DEFAULT_BETA_DOMAIN: readonly [number, number] = [0.1, 1.5];

/** A task's β range as every message states it (the page's slider range, the model's β domain). */
export function betaDomainText(task: Pick<Task, 'title' | 'betaDomain'>): string {
  const [low, high] = task.betaDomain;
  return `[${low}, ${high}] (${task.title}'s β range)`;
}
