/**
 * What the page knows about a task without its simulator or likelihood (issue 21): names, shapes,
 * the prior box, the β domain, how x is drawn and built, what its misspecified variant is called,
 * and (in `TaskInfo`) its shipped observations. A small record with no tfjs and no simulator code,
 * so the page's main bundle holds none; `src/benchmarks/task.ts`'s `TaskModel` extends it with the
 * simulator, the likelihood and the reference sampler's recipe.
 */

/** The ids of the benchmark tasks (DESIGN.md §7). */
export type TaskId = 'two_moons' | 'gaussian_mixture' | 'gaussian_mixture_wide' | 'slcp' | 'lorenz96' | 'hodgkin_huxley';

/** A fixed observation shipped with a task: simulated once from the prior predictive. */
export interface Observation {
  /** [thetaDim] the parameter that produced it */
  readonly theta: readonly number[];
  /** [xDim] the simulated data */
  readonly x: readonly number[];
}

/** A named example observation (e.g. "regular spiker") with the θ that produced it. */
export interface ShowcaseObservation extends Observation {
  /** Short id for URLs and flags, e.g. `regular`. */
  readonly id: string;
  /** Human name, e.g. "Regular spiker". */
  readonly name: string;
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

/**
 * A task's misspecified variant as the page names it (issue 20): the data a person may really
 * meet, which the model p(x | θ) does not describe; the simulator itself is the model's
 * (`MisspecifiedSimulator`).
 */
export interface MisspecifiedInfo {
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
}

/** For a task whose x summarises a recorded trace: what the trace is (the simulator is the model's `TraceModel`). */
export interface TraceInfo {
  /** Sampling interval (ms). */
  readonly dt: number;
  /** What the trace measures, for axes. */
  readonly label: string;
}

/** The static facts of a task: everything but its simulator, likelihood and shipped data. */
export interface TaskMetadata {
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
  /** True when the exact likelihood is known (a reference sampler and oracle scores exist); the task suite checks it against the model. */
  readonly hasLikelihood: boolean;
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
  /** For a task whose x summarises a recorded trace (Hodgkin–Huxley). */
  readonly traces?: TraceInfo;
  /** The contaminated simulator calibration checks the posterior against (issue 20); the networks never see it. */
  readonly misspecified: MisspecifiedInfo;
  /**
   * Named example cells whose observations the `observations` command simulates into the task's
   * file (Hodgkin–Huxley's regular, sparse and quiet cells): θ in prior order.
   */
  readonly showcaseCells?: readonly { readonly id: string; readonly name: string; readonly theta: readonly number[] }[];
}

/**
 * The page's "misspecified observation" preset: one draw of the task's misspecified variant at
 * observation 1's θ and the variant's default ε, from its `presetSeed`, written into the task's
 * observation file by `npm run cli -- observations` (the task suite re-simulates it).
 */
export interface MisspecifiedPreset extends Observation {
  readonly epsilon: number;
  readonly seed: number;
}

/** A task's metadata with its shipped data (`src/benchmarks/observations/<id>.json`). */
export interface TaskInfo extends TaskMetadata {
  /** The 10 fixed observations with their true θ. */
  readonly observations: readonly Observation[];
  readonly dataRange: DataRange;
  /** Named example observations beyond the 10 fixed ones (Hodgkin–Huxley's showcase cells). */
  readonly showcases: readonly ShowcaseObservation[];
  readonly misspecifiedPreset: MisspecifiedPreset;
}

/** The β domain a task uses unless it declares another (DESIGN.md §2). */
export const DEFAULT_BETA_DOMAIN: readonly [number, number] = [0.1, 1.5];

/** A task's β range as every message states it (the page's slider range, the model's β domain). */
export function betaDomainText(task: Pick<TaskMetadata, 'title' | 'betaDomain'>): string {
  const [low, high] = task.betaDomain;
  return `[${low}, ${high}] (${task.title}'s β range)`;
}
