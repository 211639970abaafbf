import type { Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';

/** The ids of the benchmark tasks (DESIGN.md §7). */
export type TaskId = 'two_moons' | 'gaussian_mixture' | 'gaussian_mixture_wide' | 'slcp' | 'lorenz96';

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
 * - `series`: x is `numSteps` time steps of `numSeries` values, time-major, `dt` apart.
 */
export type DataView =
  | { readonly kind: 'points'; readonly numPoints: number }
  | { readonly kind: 'series'; readonly numSteps: number; readonly numSeries: number; readonly dt: number };

/**
 * A benchmark simulator with a box-uniform prior and an exact likelihood (DESIGN.md §2).
 *
 * Contract, checked for every task by `test/benchmarks/task-suite.test.ts`:
 * - `simulate` rejects θ outside the closed prior box, NaN and wrong widths with an Error
 *   naming the argument; the same rng state gives the same x.
 * - `logPrior` is the log of the uniform density inside the closed box and −∞ outside.
 * - `logLikelihood` accepts any finite θ (not only inside the box) and is the exact density
 *   of what `simulate` draws.
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
  readonly dataView: DataView;
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
   * log p(x | θ) per row, exact.
   * @param theta [n, thetaDim], any finite values
   * @param x [n, xDim], or [1, xDim] to score one observation against every θ
   * @returns [n]
   */
  logLikelihood(theta: Matrix, x: Matrix): Float64Array;
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
}

/** The β domain a task uses unless it declares another (DESIGN.md §2). */
export const DEFAULT_BETA_DOMAIN: readonly [number, number] = [0.1, 1.5];
