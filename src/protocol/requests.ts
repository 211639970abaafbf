import * as v from 'valibot';
import { getTaskInfo, TASK_IDS } from '../benchmarks/metadata/catalog';
import { betaDomainText } from '../benchmarks/metadata/task-metadata';
import { BACKEND_NAMES } from '../core/backend-names';
import { MAX_BETA, MAX_REFERENCE_DRAWS, MIN_CALIBRATION_DATA_SETS, MIN_CALIBRATION_DRAWS } from '../core/limits';
import { LIKELIHOOD_ESTIMATOR_NAMES, TRAINABLE_ROUTES, type RouteId } from '../core/route-ids';
import { BoundaryError, finiteNumbers, float64Array, integerIn, parseAt, positiveUpTo } from '../core/boundary';
import { BackendReportSchema } from './stored';

/**
 * The requests the page sends its workers: one schema each, keyed on `type`, and the types
 * inferred from them. Every request carries a run id; the worker echoes it, the page drops
 * results whose id is not the latest, and `cancel` is a message. A worker trusts nothing it did
 * not read through `parseLabRequest`.
 */

/** The longest recorded-trace CSV the lab accepts (characters; 120 ms at 1 µs is ~3 MB). */
export const MAX_RECORDED_TRACE_CHARS = 20_000_000;
/** The most rungs of a β ladder, and the most draws per rung. */
export const MAX_LADDER_RUNGS = 200;
export const MAX_LADDER_DRAWS = 10_000;
/** The most draws one prior-predictive request may ask for. */
export const MAX_PRIOR_PREDICTIVE_DRAWS = 100_000;

export const TaskIdSchema = v.picklist(TASK_IDS);
export const RouteIdSchema = v.picklist(Object.keys(TRAINABLE_ROUTES) as RouteId[]);
export const BackendNameSchema = v.picklist(BACKEND_NAMES);

const runId = integerIn();
const seed = integerIn();
const beta = positiveUpTo(MAX_BETA);
/** [xDim] an observation, raw; its length is checked against the task in `parseLabRequest`. */
const observation = finiteNumbers(1, 10_000);
/** 1 to MAX_LADDER_RUNGS ascending β values in (0, MAX_BETA]. */
const ladder = v.pipe(
  v.array(v.number()),
  v.check(
    (betas) => betas.length >= 1 && betas.length <= MAX_LADDER_RUNGS && betas.every((b, k) => b > 0 && b <= MAX_BETA && (k === 0 || b > betas[k - 1]!)),
    `1 to ${MAX_LADDER_RUNGS} ascending numbers in (0, ${MAX_BETA}]`,
  ),
  v.readonly(),
);

/** Where an amortized posterior comes from: the shipped files (a URL folder) or this browser's IndexedDB (`revision` changes when it is retrained). */
export const ModelSourceSchema = v.variant('kind', [
  v.object({ kind: v.literal('shipped'), url: v.pipe(v.string(), v.maxLength(2000, 'a URL of at most 2000 characters')) }),
  v.object({ kind: v.literal('browser'), key: v.pipe(v.string(), v.maxLength(200, 'a key of at most 200 characters')), revision: v.pipe(v.string(), v.maxLength(200, 'a revision of at most 200 characters')) }),
]);
export type ModelSource = v.InferOutput<typeof ModelSourceSchema>;

/** Draw n prior-predictive pairs (θ, x) with `Rng.fromSeed(seed)`. */
const PriorPredictiveRequestSchema = v.object({ type: v.literal('prior-predictive'), runId, taskId: TaskIdSchema, numDraws: integerIn(1, MAX_PRIOR_PREDICTIVE_DRAWS), seed });

/** ESS(β)/N of the oracle weights (exact scores, DESIGN.md §4) on numSimulations fresh prior-predictive draws. */
const OracleEssRequestSchema = v.object({ type: v.literal('oracle-ess'), runId, taskId: TaskIdSchema, numSimulations: integerIn(100, 100_000), seed });

/** Sample p_β(θ | x) with the task's reference sampler, streaming partial draws. */
const ReferenceRequestSchema = v.object({ type: v.literal('reference'), runId, taskId: TaskIdSchema, x: observation, beta, numDraws: integerIn(1, MAX_REFERENCE_DRAWS), seed });

/** One parallel-tempering run serving every rung of the page's β ladder (inside the task's domain); `numDraws` kept per rung. */
const ReferenceLadderRequestSchema = v.object({ type: v.literal('reference-ladder'), runId, taskId: TaskIdSchema, x: observation, betas: ladder, numDraws: integerIn(1, MAX_LADDER_DRAWS), seed });

/** The exact grid posterior at β (2-D and 3-D θ): contours, marginals and `numDraws` exact grid draws (the same uniforms at every β). */
const GridRequestSchema = v.object({ type: v.literal('grid'), runId, taskId: TaskIdSchema, x: observation, beta, numDraws: integerIn(0, MAX_LADDER_DRAWS), seed });

/** The exact grid posterior at every rung of a β ladder, rungs nearest `focusBeta` first (one message each). */
const GridLadderRequestSchema = v.object({ type: v.literal('grid-ladder'), runId, taskId: TaskIdSchema, x: observation, betas: ladder, focusBeta: beta, numDraws: integerIn(0, MAX_LADDER_DRAWS), seed });

/** Train a route for a task from scratch; `maxEpochs` per network; B-NLE's likelihood estimator by name ('auto' when absent). */
const TrainRequestSchema = v.object({
  type: v.literal('train'),
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  numSimulations: integerIn(100, 100_000),
  seed,
  maxEpochs: integerIn(1, 10_000),
  likelihood: v.optional(v.picklist(LIKELIHOOD_ESTIMATOR_NAMES)),
});

/** Score `candidate` against `reference` ([n, dim] row-major each) with C2ST and MMD² (DESIGN.md §5). */
const TwoSampleRequestSchema = v.object({ type: v.literal('two-sample'), runId, reference: float64Array, candidate: float64Array, dim: integerIn(1, 1000), seed });

/** What every request to a route's model names: the model, the observation (raw), β and a seed. */
const posteriorModel = { runId, taskId: TaskIdSchema, route: RouteIdSchema, source: ModelSourceSchema, x: observation, beta, seed };

/** n draws of q(θ | x, β) from a route's model (loaded once per source, then kept). */
const PosteriorSampleRequestSchema = v.object({ type: v.literal('posterior-sample'), ...posteriorModel, numDraws: integerIn(1, MAX_REFERENCE_DRAWS) });

/** The most draws, and proposals per draw, one refinement request may ask for. */
export const MAX_REFINED_DRAWS = 10_000;
export const MAX_PROPOSALS_PER_DRAW = 100;

/** The most data sets and draws per data set one calibration request may ask for (the page's defaults are 200 × 500). */
export const MAX_CALIBRATION_DATA_SETS = 2000;
export const MAX_CALIBRATION_DRAWS = 5000;

/**
 * Calibration of one route's q(θ | x, β) (issue 20): K data sets (θ* from the prior, x from the
 * task's simulator, or its misspecified variant at `epsilon`), M draws each at every β, the
 * coverage at `level` deciding β. Answered with progress per β and a result; with `referenceCheck`,
 * that result says the check is pending, progress follows per reference run, and a second result
 * carries it. `cancel` stops it.
 */
const CalibrateRequestSchema = v.object({
  type: v.literal('calibrate'),
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  source: ModelSourceSchema,
  betas: ladder,
  numDataSets: integerIn(MIN_CALIBRATION_DATA_SETS, MAX_CALIBRATION_DATA_SETS),
  drawsPerDataSet: integerIn(MIN_CALIBRATION_DRAWS, MAX_CALIBRATION_DRAWS),
  level: v.pipe(v.number(), v.check((level) => level > 0 && level < 1, 'a level in (0, 1)')),
  epsilon: v.nullable(v.pipe(v.number(), v.check((epsilon) => epsilon >= 0 && epsilon < 1, 'a contamination probability in [0, 1)'))),
  /** Also rank reference draws on the first data sets at β = 1 and the chosen β (tasks with a likelihood only). */
  referenceCheck: v.boolean(),
  seed,
});

/**
 * n draws of q(θ | x, β) refined by sampling–importance–resampling (DESIGN.md §4): k·n proposals
 * from (1 − a)·q + a·π, weighted by π·ℓ̂^β / g with the route's score networks (Route A borrows
 * B-NRE's), n resampled.
 */
const PosteriorRefineRequestSchema = v.object({
  type: v.literal('posterior-refine'),
  ...posteriorModel,
  numDraws: integerIn(1, MAX_REFINED_DRAWS),
  proposalsPerDraw: integerIn(1, MAX_PROPOSALS_PER_DRAW),
  defensive: v.pipe(v.number(), v.check((a) => a >= 0 && a < 1, 'a prior share in [0, 1)')),
});

/**
 * q's draws along the page's β ladder for one observation (the live slider): `numDraws` per rung
 * from one set of base noise (draw i is a continuous path in β for a flow), rungs nearest
 * `focusBeta` first, streamed in batches.
 */
const { beta: _beta, ...ladderModel } = posteriorModel;
const PosteriorLadderRequestSchema = v.object({ type: v.literal('posterior-ladder'), ...ladderModel, betas: ladder, focusBeta: beta, numDraws: integerIn(1, MAX_LADDER_DRAWS) });

/**
 * The posterior predictive of a task with traces (Hodgkin–Huxley, the paper's Figures 2–3):
 * `numTraces` simulated traces from q's draws at β, and `numFixedDraws` draws at each of
 * `fixedBetas` (empty when the page still has them).
 */
const PosteriorPredictiveRequestSchema = v.object({
  type: v.literal('posterior-predictive'),
  ...posteriorModel,
  numTraces: integerIn(1, 200),
  fixedBetas: v.pipe(v.array(beta), v.maxLength(8, 'at most 8 numbers'), v.readonly()),
  numFixedDraws: integerIn(1, 100_000),
});

/** A recorded voltage trace (CSV text of `time,voltage` rows) to turn into an observation; `name` is used in messages. */
const RecordedTraceRequestSchema = v.object({
  type: v.literal('recorded-trace'),
  runId,
  taskId: TaskIdSchema,
  name: v.pipe(v.string(), v.maxLength(500, 'a file name of at most 500 characters')),
  text: v.pipe(v.string(), v.maxLength(MAX_RECORDED_TRACE_CHARS, `CSV text of at most ${MAX_RECORDED_TRACE_CHARS} characters`)),
});

/** Choose the TensorFlow.js backend again (by measured speed), or use `override`; `remembered` is an earlier visit's choice. */
const BackendRequestSchema = v.object({
  type: v.literal('backend'),
  runId,
  override: v.nullable(BackendNameSchema),
  remembered: v.optional(v.nullable(BackendReportSchema), null),
});

/** Stop run `runId` (a no-op when it has already finished). */
const CancelRequestSchema = v.object({ type: v.literal('cancel'), runId });

export const LabRequestSchema = v.variant('type', [
  PriorPredictiveRequestSchema,
  ReferenceRequestSchema,
  ReferenceLadderRequestSchema,
  GridRequestSchema,
  GridLadderRequestSchema,
  TwoSampleRequestSchema,
  TrainRequestSchema,
  PosteriorSampleRequestSchema,
  PosteriorRefineRequestSchema,
  CalibrateRequestSchema,
  PosteriorLadderRequestSchema,
  PosteriorPredictiveRequestSchema,
  RecordedTraceRequestSchema,
  OracleEssRequestSchema,
  BackendRequestSchema,
  CancelRequestSchema,
]);

export type LabRequest = v.InferOutput<typeof LabRequestSchema>;
export type RequestOf<T extends LabRequest['type']> = Extract<LabRequest, { type: T }>;
export type PriorPredictiveRequest = RequestOf<'prior-predictive'>;
export type OracleEssRequest = RequestOf<'oracle-ess'>;
export type ReferenceRequest = RequestOf<'reference'>;
export type ReferenceLadderRequest = RequestOf<'reference-ladder'>;
export type GridRequest = RequestOf<'grid'>;
export type GridLadderRequest = RequestOf<'grid-ladder'>;
export type TrainRequest = RequestOf<'train'>;
export type TwoSampleRequest = RequestOf<'two-sample'>;
export type PosteriorSampleRequest = RequestOf<'posterior-sample'>;
export type PosteriorLadderRequest = RequestOf<'posterior-ladder'>;
export type PosteriorRefineRequest = RequestOf<'posterior-refine'>;
export type CalibrateRequest = RequestOf<'calibrate'>;
export type PosteriorPredictiveRequest = RequestOf<'posterior-predictive'>;
export type RecordedTraceRequest = RequestOf<'recorded-trace'>;
export type BackendRequest = RequestOf<'backend'>;
export type CancelRequest = RequestOf<'cancel'>;

/**
 * A message that arrived at a worker, checked by its schema and then against its task (x's
 * length, the β domain, what the task has), or a BoundaryError naming the message kind, the
 * field, what was expected and what arrived.
 */
export function parseLabRequest(message: unknown): LabRequest {
  const kind = typeof (message as { type?: unknown } | null)?.type === 'string' ? `"${(message as { type: string }).type}" message` : 'worker message';
  const request = parseAt(LabRequestSchema, message, kind);
  checkAgainstTask(request, kind);
  return request;
}

/** What a request's schema cannot see: the named task's shapes and abilities. */
function checkAgainstTask(request: LabRequest, kind: string): void {
  if (request.type === 'two-sample') {
    for (const key of ['reference', 'candidate'] as const) {
      const rows = request[key];
      if (rows.length === 0 || rows.length % request.dim !== 0) throw new BoundaryError(`${kind}: ${key}: expected a non-empty Float64Array of rows of ${request.dim} values, got ${rows.length} values`);
    }
  }
  if (!('taskId' in request)) return;
  const task = getTaskInfo(request.taskId);
  const fail = (field: string, expected: string, got: string) => {
    throw new BoundaryError(`${kind}: ${field}: expected ${expected}, got ${got}`);
  };
  if ('x' in request && request.x.length !== task.xDim) fail('x', `${task.xDim} finite numbers for ${task.id}`, `${request.x.length}`);
  if ((request.type === 'grid' || request.type === 'grid-ladder') && task.thetaDim > 3) fail('taskId', 'a task with 2 or 3 parameters', `${task.id} with ${task.thetaDim}`);
  if (request.type === 'grid-ladder' || request.type === 'reference-ladder') {
    const [low, high] = task.betaDomain;
    const outside = request.betas.find((b) => b < low || b > high);
    if (outside !== undefined) fail('betas', `every β in ${betaDomainText(task)}`, String(outside));
  }
  if ((request.type === 'posterior-predictive' || request.type === 'recorded-trace') && !task.traces) fail('taskId', 'a task whose data are traces (hodgkin_huxley)', task.id);
  if (request.type === 'oracle-ess' && !task.hasLikelihood) fail('taskId', 'a task with an exact likelihood', `${task.id} (it has none)`);
}
