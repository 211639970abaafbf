import * as v from 'valibot';
import type { BackendReport } from '../core/backend-names';
import type { GridView, OracleEssCurve, ReferenceDiagnostics } from './payloads';
import { atLeast, BoundaryError, finiteNumber, float32Array, float64Array, integerIn, parseAt } from '../core/boundary';
import { ModelCardSchema } from './models';
import { RouteIdSchema, TaskIdSchema } from './requests';
import { BackendReportSchema } from './stored';

/**
 * What the workers answer: one schema each, keyed on `type`, and the types inferred from them.
 * Sample arrays cross as transferred typed arrays, never as objects of numbers; each result
 * echoes its request's run id. The page reads every message through `parseLabResponse`, so a
 * worker that sends something malformed is reported like a crash, never drawn.
 */

const runId = v.pipe(v.number(), v.integer());
const seconds = atLeast(0);
const count = integerIn(0);
const fraction = v.pipe(v.number(), v.check((value) => value >= 0 && value <= 1, 'a fraction in [0, 1]'));
const numbers = v.pipe(v.array(v.number()), v.readonly());
const nullableNumber = v.nullable(v.number());

/** The sampler's diagnostics (see `ReferenceDiagnostics`). */
const ReferenceDiagnosticsSchema: v.GenericSchema<unknown, ReferenceDiagnostics> = v.object({
  method: v.string(),
  acceptanceRate: v.number(),
  swapRate: nullableNumber,
  splitRhat: v.nullable(v.array(numbers)),
  bulkEss: numbers,
  modeMasses: v.nullable(v.array(v.object({ name: v.string(), mass: v.number() }))),
  iterations: count,
  totalIterations: count,
  seconds,
});

/** Contour lines and marginals of an exact grid posterior at one β (see `GridView`). */
const GridViewSchema: v.GenericSchema<unknown, GridView> = v.object({
  beta: v.number(),
  contours: v.array(v.object({ params: v.tuple([count, count]), masses: numbers, x: float64Array, y: float64Array })),
  marginals: v.array(v.object({ param: count, xs: float64Array, density: float64Array })),
});

const RouteProgressFields = {
  phase: v.picklist(['simulate', 'scores', 'score-network', 'synthesis', 'posterior'] as const),
  step: v.string(),
  epoch: nullableNumber,
  trainLoss: nullableNumber,
  validationLoss: nullableNumber,
  etaSeconds: nullableNumber,
  ess: v.optional(v.object({ betas: numbers, essFraction: numbers })),
};
const OracleEssCurveSchema: v.GenericSchema<unknown, OracleEssCurve> = v.object({ route: v.picklist(['b-oracle', 'b-oracle-nre'] as const), betas: numbers, essFraction: numbers });

const PriorPredictiveResultSchema = v.object({ type: v.literal('prior-predictive-result'), runId, taskId: TaskIdSchema, seed: runId, numDraws: count, theta: float64Array, x: float64Array, seconds });

/** Draws of a reference run so far (every ≤ 250 ms), and once more at the end with `isFinal` and full diagnostics. */
const ReferenceProgressSchema = v.object({ type: v.literal('reference-progress'), runId, samples: float64Array, numKept: count, progress: fraction, isFinal: v.boolean(), diagnostics: v.nullable(ReferenceDiagnosticsSchema), seconds });

/** Every kept rung of a reference ladder run so far ([betas.length, numKept, thetaDim]), and once more at the end. */
const ReferenceLadderProgressSchema = v.object({
  type: v.literal('reference-ladder-progress'),
  runId,
  taskId: TaskIdSchema,
  betas: numbers,
  samples: float64Array,
  numKept: count,
  progress: fraction,
  isFinal: v.boolean(),
  diagnostics: v.nullable(ReferenceDiagnosticsSchema),
  seconds,
});

/** A grid posterior view at one β and its exact grid draws ([numDraws, thetaDim]). */
const GridResultSchema = v.object({ type: v.literal('grid-result'), runId, taskId: TaskIdSchema, view: GridViewSchema, draws: float64Array, numDraws: count, seconds });

/** One rung of a grid ladder; `numDone` rungs sent so far. */
const GridLadderResultSchema = v.object({ type: v.literal('grid-ladder-result'), runId, taskId: TaskIdSchema, betas: numbers, rung: count, view: GridViewSchema, draws: float64Array, numDraws: count, numDone: count, seconds });

/** C2ST accuracy and MMD² of a two-sample request. */
const TwoSampleResultSchema = v.object({ type: v.literal('two-sample-result'), runId, c2st: fraction, mmd: finiteNumber, seconds });

/** Progress of a training run (also its heartbeat): phase and, while a network trains, epoch and losses. */
const TrainProgressSchema = v.object({ type: v.literal('train-progress'), runId, ...RouteProgressFields });

/** A trained model: its manifest JSON (checked when it is loaded) and its weights (transferred). */
const TrainResultSchema = v.object({ type: v.literal('train-result'), runId, manifest: v.unknown(), weights: float32Array, seconds });

/** Draws of one route at one β ([numDraws, thetaDim]), as every posterior answer carries them. */
const posteriorDraws = {
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  beta: v.number(),
  samples: float64Array,
  numDraws: count,
  seconds,
};

/** n draws of q(θ | x, β) with the model's card, the backend, and the tensors the worker keeps. */
const PosteriorSampleResultSchema = v.object({
  type: v.literal('posterior-sample-result'),
  ...posteriorDraws,
  card: ModelCardSchema,
  backend: v.string(),
  numTensors: count,
});

/**
 * Refined draws with their importance weights' diagnostics: ESS over the proposals, Pareto k̂ of
 * the largest weights (null: too few proposals to judge), and whether they may be trusted
 * (k̂ ≤ 0.7); `scoreNetworks` names whose likelihood weighted them.
 */
const PosteriorRefineResultSchema = v.object({
  type: v.literal('posterior-refine-result'),
  ...posteriorDraws,
  numProposals: count,
  ess: atLeast(0),
  essFraction: fraction,
  paretoK: v.nullable(finiteNumber),
  trustworthy: v.boolean(),
  scoreNetworks: v.string(),
});

/**
 * Calibration progress (the heartbeat of a long run): the network's β number `done` of `total`
 * finished, then the reference check's sampler run `done` of `total`.
 */
const CalibrationProgressSchema = v.object({ type: v.literal('calibration-progress'), runId, stage: v.picklist(['network', 'reference']), done: count, total: count });

const CalibrationRowSchema = v.object({ beta: v.number(), curve: v.array(fraction), coverage: fraction, low: fraction, high: fraction });

/**
 * A route's calibration (issue 20): per β, the expected coverage at `levels` and at the chosen
 * level with its bootstrap interval; the chosen β (null: none reaches the level) with a sentence
 * saying why; which simulator made the data sets; and the reference check beside it.
 */
const CalibrationResultSchema = v.object({
  type: v.literal('calibration-result'),
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  epsilon: v.nullable(fraction),
  level: fraction,
  levels: v.array(fraction),
  numDataSets: count,
  drawsPerDataSet: count,
  perBeta: v.array(CalibrationRowSchema),
  choice: v.object({ beta: v.nullable(v.number()), explanation: v.string() }),
  /**
   * The reference check: null when not asked for (or the task has no likelihood), 'pending'
   * while it runs (the run stays in flight), then the reference draws' coverage at its β.
   */
  reference: v.nullable(v.union([v.literal('pending'), v.object({ numDataSets: count, drawsPerDataSet: count, perBeta: v.array(CalibrationRowSchema), seconds })])),
  backend: v.string(),
  seconds,
});

/** A batch of rungs of a β ladder ([rungs.length, numDraws, thetaDim]); the last has numDone === betas.length. */
const PosteriorLadderResultSchema = v.object({
  type: v.literal('posterior-ladder-result'),
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  betas: numbers,
  rungs: v.pipe(v.array(count), v.readonly()),
  samples: float64Array,
  numDraws: count,
  /** True for a flow (draw i moves continuously with β: interpolate); false for an MDN (show the nearest rung). */
  continuous: v.boolean(),
  numDone: count,
  card: ModelCardSchema,
  backend: v.string(),
  numTensors: count,
  seconds,
});

/** Simulated traces ([numTraces, traceLength], `traceDt` ms apart) and their statistics, and draws at the fixed β values. */
const PosteriorPredictiveResultSchema = v.object({
  type: v.literal('posterior-predictive-result'),
  runId,
  taskId: TaskIdSchema,
  route: RouteIdSchema,
  beta: v.number(),
  traces: float32Array,
  numTraces: count,
  traceDt: v.number(),
  statistics: float64Array,
  fixedBetas: numbers,
  fixedDraws: float64Array,
  numFixedDraws: count,
  seconds,
});

/** A recorded trace's statistics ([xDim]) and the trace thinned for drawing (≤ 3001 voltages, `dt` ms apart). */
const RecordedTraceResultSchema = v.object({ type: v.literal('recorded-trace-result'), runId, taskId: TaskIdSchema, name: v.string(), x: float64Array, voltage: float64Array, dt: v.number(), seconds });

/** The oracle ESS curves of one task: the NLE form always, the NRE form where p(x) is exact. */
const OracleEssResultSchema = v.object({ type: v.literal('oracle-ess-result'), runId, taskId: TaskIdSchema, numSimulations: count, seed: runId, curves: v.array(OracleEssCurveSchema), seconds });

/** The backend in use and why. */
const BackendResultSchema = v.object({ type: v.literal('backend-result'), runId, report: BackendReportSchema as v.GenericSchema<unknown, BackendReport> });

/** A run stopped because it was cancelled (sent once, so the page can clear its status). */
const RunCancelledSchema = v.object({ type: v.literal('cancelled'), runId });

/** A run failed; `message` says what was expected and what arrived. */
const RunErrorSchema = v.object({ type: v.literal('error'), runId, message: v.string() });

export const LabResponseSchema = v.variant('type', [
  PriorPredictiveResultSchema,
  ReferenceProgressSchema,
  ReferenceLadderProgressSchema,
  GridResultSchema,
  GridLadderResultSchema,
  TwoSampleResultSchema,
  TrainProgressSchema,
  TrainResultSchema,
  PosteriorSampleResultSchema,
  PosteriorRefineResultSchema,
  CalibrationProgressSchema,
  CalibrationResultSchema,
  PosteriorLadderResultSchema,
  PosteriorPredictiveResultSchema,
  RecordedTraceResultSchema,
  OracleEssResultSchema,
  BackendResultSchema,
  RunCancelledSchema,
  RunErrorSchema,
]);

export type LabResponse = v.InferOutput<typeof LabResponseSchema>;
export type ResponseOf<T extends LabResponse['type']> = Extract<LabResponse, { type: T }>;
export type PriorPredictiveResult = ResponseOf<'prior-predictive-result'>;
export type ReferenceProgress = ResponseOf<'reference-progress'>;
export type ReferenceLadderProgress = ResponseOf<'reference-ladder-progress'>;
export type GridResult = ResponseOf<'grid-result'>;
export type GridLadderResult = ResponseOf<'grid-ladder-result'>;
export type TwoSampleResult = ResponseOf<'two-sample-result'>;
export type TrainProgress = ResponseOf<'train-progress'>;
export type TrainResult = ResponseOf<'train-result'>;
export type PosteriorSampleResult = ResponseOf<'posterior-sample-result'>;
export type PosteriorLadderResult = ResponseOf<'posterior-ladder-result'>;
export type PosteriorRefineResult = ResponseOf<'posterior-refine-result'>;
export type CalibrationResultMessage = ResponseOf<'calibration-result'>;
export type PosteriorPredictiveResult = ResponseOf<'posterior-predictive-result'>;
export type RecordedTraceResult = ResponseOf<'recorded-trace-result'>;
export type OracleEssResult = ResponseOf<'oracle-ess-result'>;
export type BackendResult = ResponseOf<'backend-result'>;
export type RunCancelled = ResponseOf<'cancelled'>;
export type RunError = ResponseOf<'error'>;

/** A worker's message, checked by its schema, or a BoundaryError naming the worker and what arrived. */
export function parseLabResponse(message: unknown, worker: string): LabResponse {
  const source = `${worker} worker's message`;
  const response = parseAt(LabResponseSchema, message, source);
  const rows = WHOLE_ROWS[response.type];
  if (rows) {
    const [arrayKey, numRowsKey] = rows;
    const record = response as unknown as Record<string, { length: number } | number>;
    const length = (record[arrayKey] as { length: number }).length;
    const numRows = record[numRowsKey] as number;
    if (numRows === 0 ? length !== 0 : length % numRows !== 0) {
      throw new BoundaryError(`${source}: ${arrayKey}: expected whole rows of ${numRowsKey} = ${numRows}, got ${length} values`);
    }
  }
  return response;
}

/** Which array of a result holds rows, and which field counts them. */
const WHOLE_ROWS: Partial<Record<LabResponse['type'], readonly [string, string]>> = {
  'prior-predictive-result': ['theta', 'numDraws'],
  'reference-progress': ['samples', 'numKept'],
  'grid-result': ['draws', 'numDraws'],
  'grid-ladder-result': ['draws', 'numDraws'],
  'posterior-sample-result': ['samples', 'numDraws'],
  'posterior-refine-result': ['samples', 'numDraws'],
};
