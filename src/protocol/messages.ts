import type { TaskId } from '../benchmarks/task';
import type { GridView } from '../reference/grid-view';
import type { ReferenceDiagnostics } from '../reference/sampler';
import type { BackendName, BackendReport } from '../core/backend-names';
import type { ModelCard } from '../nn/serialize';
import type { RouteId, RouteProgress } from '../routes/route';
import type { OracleEssCurve } from '../routes/oracle-ess';

export type { OracleEssCurve };

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

/**
 * ESS(β)/N of the oracle weights (exact scores, DESIGN.md §4) on numSimulations fresh prior-
 * predictive draws: what Route B's weights would be with a perfect score network.
 */
export interface OracleEssRequest {
  readonly type: 'oracle-ess';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly numSimulations: number;
  readonly seed: number;
}

/** Sample p_β(θ | x) with the task's reference sampler, streaming partial draws. */
export interface ReferenceRequest {
  readonly type: 'reference';
  readonly runId: number;
  readonly taskId: TaskId;
  /** [xDim] the observation */
  readonly x: readonly number[];
  readonly beta: number;
  readonly numDraws: number;
  readonly seed: number;
}

/**
 * One parallel-tempering run serving every rung of the page's β ladder at once (tasks whose
 * reference is parallel tempering: SLCP), streaming every rung's kept draws.
 */
export interface ReferenceLadderRequest {
  readonly type: 'reference-ladder';
  readonly runId: number;
  readonly taskId: TaskId;
  /** [xDim] the observation */
  readonly x: readonly number[];
  /** The page's ladder, ascending, inside the task's β domain. */
  readonly betas: readonly number[];
  /** Draws kept per rung. */
  readonly numDraws: number;
  readonly seed: number;
}

/**
 * The exact grid posterior at β (2-D and 3-D θ only): contours, marginals, and `numDraws` exact
 * grid draws (a cell by its mass, then a uniform point in it; seeded, the same uniforms at every β).
 */
export interface GridRequest {
  readonly type: 'grid';
  readonly runId: number;
  readonly taskId: TaskId;
  /** [xDim] the observation */
  readonly x: readonly number[];
  readonly beta: number;
  readonly numDraws: number;
  readonly seed: number;
}

/** The exact grid posterior at every rung of a β ladder, rungs nearest `focusBeta` first (one message each). */
export interface GridLadderRequest {
  readonly type: 'grid-ladder';
  readonly runId: number;
  readonly taskId: TaskId;
  /** [xDim] the observation */
  readonly x: readonly number[];
  /** The ladder, ascending. */
  readonly betas: readonly number[];
  readonly focusBeta: number;
  readonly numDraws: number;
  readonly seed: number;
}

/** Train a route for a task from scratch (the lab's "train in this browser"). */
export interface TrainRequest {
  readonly type: 'train';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly route: RouteId;
  readonly numSimulations: number;
  readonly seed: number;
  /** Most epochs per network (early stopping usually ends sooner). */
  readonly maxEpochs: number;
  /** Route B-NLE's likelihood estimator by name (`LIKELIHOOD_ESTIMATORS`); 'auto' when absent. */
  readonly likelihood?: string;
}

/** Score `candidate` against `reference` with C2ST and MMD² (DESIGN.md §5). */
export interface TwoSampleRequest {
  readonly type: 'two-sample';
  readonly runId: number;
  /** [numReference, dim] row-major */
  readonly reference: Float64Array;
  /** [numCandidate, dim] row-major */
  readonly candidate: Float64Array;
  readonly dim: number;
  readonly seed: number;
}

/** Where an amortized posterior comes from: the shipped files (a URL folder) or this browser's IndexedDB. */
export type ModelSource =
  | { readonly kind: 'shipped'; readonly url: string }
  /** `revision` changes when the model is retrained, so the worker loads the new one. */
  | { readonly kind: 'browser'; readonly key: string; readonly revision: string };

/** What every request to a route's model names: the model, the observation, β and a seed. */
interface PosteriorModelRequest {
  readonly runId: number;
  readonly taskId: TaskId;
  readonly route: RouteId;
  readonly source: ModelSource;
  /** [xDim] the observation, raw (the worker puts it in network form) */
  readonly x: readonly number[];
  readonly beta: number;
  readonly seed: number;
}

/** n draws of q(θ | x, β) from a route's model (loaded once per source, then kept). */
export interface PosteriorSampleRequest extends PosteriorModelRequest {
  readonly type: 'posterior-sample';
  readonly numDraws: number;
}

/**
 * q's draws along the page's β ladder for one observation (the live slider): `numDraws` draws
 * per rung from one set of base noise (seeded by `seed`, so draw i is a continuous path in β for
 * a flow and equals the `posterior-sample` draws with that seed at every rung), rungs nearest to
 * `focusBeta` first, streamed in batches.
 */
export interface PosteriorLadderRequest extends Omit<PosteriorModelRequest, 'beta'> {
  readonly type: 'posterior-ladder';
  /** The ladder, ascending, inside the model's β domain. */
  readonly betas: readonly number[];
  readonly focusBeta: number;
  readonly numDraws: number;
}

/**
 * The posterior predictive of a task with traces (Hodgkin–Huxley, the paper's Figures 2–3):
 * `numTraces` draws of q(θ | x, β) each simulated into a voltage trace, and `numFixedDraws`
 * draws at each of `fixedBetas` (the marginals overlay; empty when the page still has them).
 */
export interface PosteriorPredictiveRequest extends PosteriorModelRequest {
  readonly type: 'posterior-predictive';
  readonly numTraces: number;
  readonly fixedBetas: readonly number[];
  readonly numFixedDraws: number;
}

/**
 * A recorded voltage trace to turn into an observation (tasks with traces): the CSV text of
 * `time,voltage` rows (see `parseTraceCsv`), summarised by the simulator's own statistics.
 */
export interface RecordedTraceRequest {
  readonly type: 'recorded-trace';
  readonly runId: number;
  readonly taskId: TaskId;
  /** The file's name, used in messages. */
  readonly name: string;
  /** At most `MAX_RECORDED_TRACE_CHARS` characters. */
  readonly text: string;
}

/** Choose the TensorFlow.js backend again (by measured speed), or use `override`. */
export interface BackendRequest {
  readonly type: 'backend';
  readonly runId: number;
  readonly override: BackendName | null;
  /** The choice measured on an earlier visit (kept by the page); used again if that backend still works. */
  readonly remembered: BackendReport | null;
}

/** Stop run `runId` (a no-op when it has already finished). */
export interface CancelRequest {
  readonly type: 'cancel';
  readonly runId: number;
}

export type LabRequest =
  | PriorPredictiveRequest
  | ReferenceRequest
  | ReferenceLadderRequest
  | GridRequest
  | GridLadderRequest
  | TwoSampleRequest
  | TrainRequest
  | PosteriorSampleRequest
  | PosteriorLadderRequest
  | PosteriorPredictiveRequest
  | RecordedTraceRequest
  | OracleEssRequest
  | BackendRequest
  | CancelRequest;

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

/**
 * Draws of a reference run so far (every ≤ 250 ms while it runs), and once more at the end
 * with `isFinal` and the full diagnostics.
 */
export interface ReferenceProgress {
  readonly type: 'reference-progress';
  readonly runId: number;
  /** [numKept, thetaDim] row-major, all kept draws so far */
  readonly samples: Float64Array;
  readonly numKept: number;
  /** Fraction of the planned work done, [0, 1]. */
  readonly progress: number;
  readonly isFinal: boolean;
  /** Full diagnostics on the final message; null before. */
  readonly diagnostics: ReferenceDiagnostics | null;
  readonly seconds: number;
}

/** Every kept rung of a reference ladder run so far (every ≤ 1 s), and once more at the end with `isFinal`. */
export interface ReferenceLadderProgress {
  readonly type: 'reference-ladder-progress';
  readonly runId: number;
  readonly taskId: TaskId;
  /** The ladder's rungs, as requested. */
  readonly betas: readonly number[];
  /** [betas.length, numKept, thetaDim] row-major */
  readonly samples: Float64Array;
  readonly numKept: number;
  readonly progress: number;
  readonly isFinal: boolean;
  /** Diagnostics of the β = 1 rung (or the top one) on the final message; null before. */
  readonly diagnostics: ReferenceDiagnostics | null;
  readonly seconds: number;
}

/** A grid posterior view at one β and its exact grid draws; the arrays are transferred. */
export interface GridResult {
  readonly type: 'grid-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly view: GridView;
  /** [numDraws, thetaDim] row-major */
  readonly draws: Float64Array;
  readonly numDraws: number;
  readonly seconds: number;
}

/** One rung of a grid ladder (see `GridLadderRequest`). */
export interface GridLadderResult {
  readonly type: 'grid-ladder-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly betas: readonly number[];
  readonly rung: number;
  readonly view: GridView;
  /** [numDraws, thetaDim] row-major */
  readonly draws: Float64Array;
  readonly numDraws: number;
  /** Rungs sent so far, this one included. */
  readonly numDone: number;
  readonly seconds: number;
}

/** C2ST accuracy and MMD² of a two-sample request. */
export interface TwoSampleResult {
  readonly type: 'two-sample-result';
  readonly runId: number;
  readonly c2st: number;
  readonly mmd: number;
  readonly seconds: number;
}

/** Progress of a training run: its phase and, while a network trains, epoch and losses. */
export interface TrainProgress extends RouteProgress {
  readonly type: 'train-progress';
  readonly runId: number;
}

/** A trained model: its manifest (with the card) and its weights (transferred). */
export interface TrainResult {
  readonly type: 'train-result';
  readonly runId: number;
  readonly manifest: unknown;
  readonly weights: Float32Array;
  readonly seconds: number;
}

/** Draws of q(θ | x, β) (transferred), with the model's card and the backend that drew them. */
/** Simulated traces from q's draws at β, and draws at the fixed β values (if asked). */
export interface PosteriorPredictiveResult {
  readonly type: 'posterior-predictive-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly route: RouteId;
  readonly beta: number;
  /** [numTraces, traceLength] voltages (mV), `traceDt` ms apart from t = 0 */
  readonly traces: Float32Array;
  readonly numTraces: number;
  readonly traceDt: number;
  /** [numTraces, xDim] the summary statistics of each simulated trace */
  readonly statistics: Float64Array;
  readonly fixedBetas: readonly number[];
  /** [fixedBetas.length, numFixedDraws, thetaDim] row-major */
  readonly fixedDraws: Float64Array;
  readonly numFixedDraws: number;
  readonly seconds: number;
}

export interface PosteriorSampleResult {
  readonly type: 'posterior-sample-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly route: RouteId;
  readonly beta: number;
  /** [numDraws, thetaDim] row-major */
  readonly samples: Float64Array;
  readonly numDraws: number;
  readonly card: ModelCard;
  readonly backend: string;
  /** Tensors the worker keeps after drawing, ladders' working tensors not counted (flat while sliding, or something leaks). */
  readonly numTensors: number;
  readonly seconds: number;
}

/** A batch of rungs of a β ladder (see `PosteriorLadderRequest`); the last batch has numDone === betas.length. */
export interface PosteriorLadderResult {
  readonly type: 'posterior-ladder-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly route: RouteId;
  /** The whole ladder, as requested. */
  readonly betas: readonly number[];
  /** Which rungs this batch holds, in the order of `samples`. */
  readonly rungs: readonly number[];
  /** [rungs.length, numDraws, thetaDim] row-major */
  readonly samples: Float64Array;
  readonly numDraws: number;
  /** True for a flow (draw i moves continuously with β: interpolate); false for an MDN (show the nearest rung). */
  readonly continuous: boolean;
  /** Rungs sent so far, this batch included. */
  readonly numDone: number;
  readonly card: ModelCard;
  readonly backend: string;
  readonly numTensors: number;
  readonly seconds: number;
}

/** The oracle ESS curves of one task: the NLE form always, the NRE form where p(x) is exact. */
export interface OracleEssResult {
  readonly type: 'oracle-ess-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly numSimulations: number;
  readonly seed: number;
  readonly curves: readonly OracleEssCurve[];
  readonly seconds: number;
}


/** A recorded trace's statistics, and the trace thinned for drawing (both transferred). */
export interface RecordedTraceResult {
  readonly type: 'recorded-trace-result';
  readonly runId: number;
  readonly taskId: TaskId;
  readonly name: string;
  /** [xDim] the summary statistics of the full trace */
  readonly x: Float64Array;
  /** [≤ 3001] voltages (mV), `dt` ms apart from t = 0 */
  readonly voltage: Float64Array;
  readonly dt: number;
  readonly seconds: number;
}

/** The backend in use and why. */
export interface BackendResult {
  readonly type: 'backend-result';
  readonly runId: number;
  readonly report: BackendReport;
}

/** A run stopped because it was cancelled (sent once, so the page can clear its status). */
export interface RunCancelled {
  readonly type: 'cancelled';
  readonly runId: number;
}

/** A run failed; `message` says what was expected and what arrived. */
export interface RunError {
  readonly type: 'error';
  readonly runId: number;
  readonly message: string;
}

export type LabResponse =
  | PriorPredictiveResult
  | ReferenceProgress
  | ReferenceLadderProgress
  | GridResult
  | GridLadderResult
  | TwoSampleResult
  | TrainProgress
  | TrainResult
  | PosteriorSampleResult
  | PosteriorLadderResult
  | PosteriorPredictiveResult
  | RecordedTraceResult
  | OracleEssResult
  | BackendResult
  | RunCancelled
  | RunError;

/** The longest recorded-trace CSV the lab accepts (characters; 120 ms at 1 µs is ~3 MB). */
export const MAX_RECORDED_TRACE_CHARS = 20_000_000;

/** The most rungs of a β ladder, and the most draws per rung. */
export const MAX_LADDER_RUNGS = 200;
export const MAX_LADDER_DRAWS = 10_000;

/** The most draws one prior-predictive request may ask for. */
export const MAX_PRIOR_PREDICTIVE_DRAWS = 100_000;
