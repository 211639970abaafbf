import type { TaskId } from '../benchmarks/task';

/**
 * The lab worker's protocol: a union keyed on `type`. Every request carries a run id; the
 * worker echoes it, the page drops results whose id is not the latest, and `cancel` is a
 * message. Sample arrays cross as transferred Float64Arrays, never as objects of numbers.
 */

/** Draw n prior-predictive pairs (θ, x) with `Rng.fromSeed(seed)`. */
export interface PriorPredictiveRequest {
  readonly type: 'prior-predictive';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly numDraws: number;
  readonly seed: number;
}

/** Stop run `runId` (a no-op when it has already finished). */
export interface CancelRequest {
  readonly type: 'cancel';
  readonly runId: number;
}

export type LabRequest = PriorPredictiveRequest | CancelRequest;

/** The draws of a prior-predictive run. */
export interface PriorPredictiveResult {
  readonly type: 'prior-predictive-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly seed: number;
  readonly numDraws: number;
  /** [numDraws, thetaDim] row-major */
  readonly theta: Float64Array;
  /** [numDraws, xDim] row-major */
  readonly x: Float64Array;
  readonly seconds: number;
}

/** A run failed; `message` says what was expected and what arrived. */
export interface RunError {
  readonly type: 'error';
  readonly runId: number;
  readonly message: string;
}

export type LabResponse = PriorPredictiveResult | RunError;

/** The most draws one prior-predictive request may ask for. */
export const MAX_PRIOR_PREDICTIVE_DRAWS = 100_000;
