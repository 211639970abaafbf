/// <reference lib="webworker" />
/**
 * The lab worker: receives typed requests (src/protocol/messages.ts), runs the algorithms in
 * src/, and posts results with transferred typed arrays, tagged with the request's run id.
 */
import { simulatePriorPredictive } from '../src/benchmarks/prior-predictive';
import { getTask } from '../src/benchmarks/registry';
import { recordedObservation, traceForDrawing } from '../src/benchmarks/traces';
import { type C2stFoldResult, combineC2stFolds, prepareC2st } from '../src/metrics/c2st';
import { mmd } from '../src/metrics/mmd';
import type { LabResponse, OracleEssRequest, PriorPredictiveRequest, RecordedTraceRequest, TwoSampleRequest } from '../src/protocol/messages';
import { oracleEssCurves } from '../src/routes/oracle-ess';
import { GridSession } from '../src/sessions/grid-session';
import { parseLabRequest } from '../src/protocol/requests';

declare const self: DedicatedWorkerGlobalScope;

function post(response: LabResponse, transfer: Transferable[] = []): void {
  self.postMessage(response, transfer);
}

function runPriorPredictive(request: PriorPredictiveRequest): void {
  const start = performance.now();
  const { theta, x } = simulatePriorPredictive(getTask(request.taskId), request.numDraws, request.seed);
  post(
    {
      type: 'prior-predictive-result',
      runId: request.runId,
      taskId: request.taskId,
      seed: request.seed,
      numDraws: request.numDraws,
      theta: theta.data,
      x: x.data,
      seconds: (performance.now() - start) / 1000,
    },
    [theta.data.buffer, x.data.buffer],
  );
}

/** A recorded trace's statistics (the simulator's code) and a thinned copy for drawing. */
function runRecordedTrace(request: RecordedTraceRequest): void {
  const start = performance.now();
  const { x, trace } = recordedObservation(getTask(request.taskId), request.text, request.name);
  const drawn = traceForDrawing(trace);
  post(
    { type: 'recorded-trace-result', runId: request.runId, taskId: request.taskId, name: request.name, x, voltage: drawn.voltage, dt: drawn.dt, seconds: (performance.now() - start) / 1000 },
    [x.buffer, drawn.voltage.buffer],
  );
}

/** ESS(β)/N of the exact-score weights (0.2–0.3 s for 10 000 simulations; 1.2 s on Two Moons, whose evidence is a quadrature). */
function runOracleEss(request: OracleEssRequest): void {
  const start = performance.now();
  const curves = oracleEssCurves(getTask(request.taskId), request.numSimulations, request.seed);
  post({ type: 'oracle-ess-result', runId: request.runId, taskId: request.taskId, numSimulations: request.numSimulations, seed: request.seed, curves, seconds: (performance.now() - start) / 1000 });
}

/** Exact grid posteriors: the likelihood grid per (task, x) is computed once and cached there. */
const grids = new GridSession(post);

/**
 * C2ST with its five folds spread over one nested worker per core (the numbers equal the
 * single-thread ones: every fold has its own seeded stream), and MMD² here meanwhile.
 */
async function runTwoSample(request: TwoSampleRequest): Promise<void> {
  const start = performance.now();
  const asMatrix = (data: Float64Array) => ({ data, numRows: data.length / request.dim, numCols: request.dim });
  const reference = asMatrix(request.reference);
  const candidate = asMatrix(request.candidate);
  const problem = prepareC2st(reference, candidate, { seed: request.seed });
  const numThreads = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, problem.folds.length));
  const folds: C2stFoldResult[] = new Array(problem.folds.length);
  const scored = Array.from({ length: numThreads }, (_, t) => {
    const foldIndices = problem.folds.map((_, k) => k).filter((k) => k % numThreads === t);
    const worker = new Worker(new URL('./c2st-fold.worker.ts', import.meta.url), { type: 'module', name: 'c2st-fold' });
    return new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ results?: { k: number; result: C2stFoldResult }[]; error?: string }>) => {
        worker.terminate();
        if (event.data.error) reject(new Error(`c2st fold worker: ${event.data.error}`));
        for (const { k, result } of event.data.results ?? []) folds[k] = result;
        resolve();
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(`c2st fold worker crashed: ${event.message}`));
      };
      worker.postMessage({ problem, foldIndices });
    });
  });
  const distance = mmd(reference, candidate, { seed: request.seed }).mmdSquared;
  await Promise.all(scored);
  const accuracy = combineC2stFolds(problem, folds, 0).accuracy;
  post({ type: 'two-sample-result', runId: request.runId, c2st: accuracy, mmd: distance, seconds: (performance.now() - start) / 1000 });
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    // These runs finish in one synchronous step (≤ 2 s: the oracle ESS curves, which the page
    // gives a worker of their own), except a grid ladder, which yields between rungs and hears
    // its cancel there; long runs (reference samplers, training) live in other workers.
    if (request.type === 'prior-predictive') runPriorPredictive(request);
    else if (request.type === 'two-sample') {
      runTwoSample(request).catch((error: Error) => post({ type: 'error', runId: request.runId, message: error.message }));
    }
    else if (request.type === 'grid') grids.exact(request);
    else if (request.type === 'grid-ladder') {
      grids.ladder(request).catch((error: Error) => post({ type: 'error', runId: request.runId, message: error.message }));
    } else if (request.type === 'cancel') grids.cancel(request.runId);
    else if (request.type === 'recorded-trace') runRecordedTrace(request);
    else if (request.type === 'oracle-ess') runOracleEss(request);
    else throw new Error(`lab worker: expected "prior-predictive", "grid", "grid-ladder", "two-sample", "recorded-trace", "oracle-ess" or "cancel", got "${request.type}" (another worker runs those)`);
  } catch (error) {
    post({ type: 'error', runId: Number.isSafeInteger(runId) ? (runId as number) : -1, message: (error as Error).message });
  }
};
