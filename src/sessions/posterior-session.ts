import { getTask } from '../benchmarks/registry';
import { networkObservation, type Task } from '../benchmarks/task';
import { betaDomainText } from '../benchmarks/metadata/task-metadata';
import { Rng } from '../core/rng';
import { type BackendName, type BackendReport, chooseBackend } from '../nn/backend';
import { tf } from '../nn/tf';
import { simulatePredictiveTraces } from '../benchmarks/posterior-predictive';
import type { LabResponse, ModelSource, PosteriorLadderRequest, PosteriorPredictiveRequest, PosteriorRefineRequest, PosteriorSampleRequest } from '../protocol/messages';
import { boxRefinementPrior, meanScore, posteriorProposal, refine } from '../routes/refinement';
import { type LoadedScoreNetworks, loadScoreNetworks, scoreNetworkFolder } from './score-networks';
import { rungsNearestFirst } from '../core/beta-ladder';
import { BetaPath } from '../nn/beta-path';
import { BROWSER_READER, type LoadedPosterior, loadAmortizedPosterior, type ModelReader } from './load-posterior';
import type { PostResponse } from './session';

export type { ModelReader } from './load-posterior';

/** Predictive traces are sent every this many ms (the page draws them; 0.1 ms keeps each spike's shape). */
const PREDICTIVE_TRACE_DT = 0.1;

/** Rungs per batch of a ladder after the first (focus) rung: 4 × 1 000 draws a batch. */
const LADDER_BATCH_RUNGS = 4;

/** An Error unless β lies in the task's (the model's) β domain. */
function checkBetaInDomain(task: Task, beta: number): void {
  const [low, high] = task.betaDomain;
  if (!(beta >= low && beta <= high)) throw new Error(`β: expected a number in ${betaDomainText(task)}, got ${beta}`);
}




function sourceKey(source: ModelSource): string {
  return source.kind === 'shipped' ? `shipped:${source.url}` : `browser:${source.key}@${source.revision}`;
}

/** What a cancelled lane's latest run becomes: NaN, which equals no run id. */
const CANCELLED = Number.NaN;

/**
 * The posterior worker's logic, free of any worker API so Node tests can drive it. Loads each
 * model once (shipped files or IndexedDB) and keeps it; answers `posterior-sample` with
 * transferred draws. Requests for a route that a newer one has superseded are skipped, so a
 * dragged slider never builds a queue. A model that is corrupt, of another task, or not an
 * amortized posterior is an error naming what was expected and what arrived.
 */
export class PosteriorSession {
  private readonly models = new Map<string, Promise<LoadedPosterior>>();
  /** Score networks by URL folder (refinement), loaded once like the models. */
  private readonly scoreNetworks = new Map<string, Promise<LoadedScoreNetworks>>();
  private readonly latest = new Map<string, number>();
  private backendReport: Promise<BackendReport> | null = null;
  /** Bumped by every backend choice: units of tensor work begun for an older one do not run. */
  private generation = 0;
  /** The end of the queue of tensor work: one job at a time (see `exclusive`). */
  private tail: Promise<unknown> = Promise.resolve();
  /** Ladders being drawn: their x-only context and base noise live across jobs. */
  private readonly livePaths = new Set<BetaPath>();

  constructor(
    private readonly post: PostResponse,
    private readonly choose: (override: BackendName | null, remembered?: BackendReport | null) => Promise<BackendReport> = (override) => chooseBackend(override ? { override } : {}),
    private readonly reader: ModelReader = BROWSER_READER,
    /** Lets other requests run between two batches of a ladder (tests pass a quicker one). */
    private readonly yieldToEventLoop: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ) {}

  /**
   * Cancels run `runId`: the lane it leads is marked superseded, so its work stops at its next
   * check and posts nothing (a ladder stops between batches; one pass of draws is not
   * interrupted, but its answer is dropped). A run that already finished or was superseded is
   * left alone.
   */
  cancel(runId: number): void {
    for (const [lane, latest] of this.latest) if (latest === runId) this.latest.set(lane, CANCELLED);
  }

  /** The backend report of the current choice (chosen by measurement on first use). */
  backend(): Promise<BackendReport> {
    this.backendReport ??= this.choose(null);
    return this.backendReport;
  }

  /**
   * Chooses the backend (again): by measurement, or `override`. It runs as a unit of tensor work
   * (nothing else draws meanwhile) and starts a new generation: requests begun on the old backend
   * notice at their next unit and start over on the new one, with their models reloaded.
   */
  async setBackend(runId: number, override: BackendName | null, remembered: BackendReport | null = null): Promise<void> {
    const report = await this.exclusive(async () => {
      await this.backendReport?.catch(() => null);
      this.generation += 1;
      this.disposeModels();
      this.backendReport = this.choose(override, remembered);
      return this.backendReport;
    });
    this.post({ type: 'backend-result', runId, report }, []);
    this.watchDeviceLoss(runId, report);
  }

  /** The current backend's report and generation (requests pass it to `exclusive`). */
  private async backendGeneration(): Promise<{ report: BackendReport; generation: number }> {
    const report = await this.backend();
    return { report, generation: this.generation };
  }

  /**
   * On WebGPU, a lost device (driver reset, GPU removed) would fail every later draw: fall back
   * to the best other backend, reload the models, and tell the page why.
   */
  private watchDeviceLoss(runId: number, report: BackendReport): void {
    if (report.chosen !== 'webgpu') return;
    const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } }).device;
    void device?.lost?.then(async (info) => {
      this.generation += 1;
      this.disposeModels();
      this.backendReport = this.choose('wasm');
      const fallback = await this.backendReport;
      const reason = `skipped: the WebGPU device was lost (${info?.message || 'no reason given'})`;
      this.post({ type: 'backend-result', runId, report: { ...fallback, overridden: false, reasons: { ...fallback.reasons, webgpu: reason } } }, []);
    });
  }

  private load(source: ModelSource, taskId: string, route: string): Promise<LoadedPosterior> {
    const key = sourceKey(source);
    let loading = this.models.get(key);
    if (!loading) {
      loading = loadAmortizedPosterior(this.reader, source, taskId, route);
      loading.catch(() => this.models.delete(key)); // a failed load may be retried
      this.models.set(key, loading);
    }
    return loading;
  }

  /** Forgets a model (e.g. after retraining in the browser replaced it). */
  forget(source: ModelSource): void {
    const key = sourceKey(source);
    this.models.get(key)?.then(({ model }) => model.dispose()).catch(() => undefined);
    this.models.delete(key);
  }

  sample(request: PosteriorSampleRequest): Promise<void> {
    return this.inLane(request.route, request.runId, async ({ report, generation, superseded }) => {
      const { model, card } = await this.load(request.source, request.taskId, request.route);
      if (superseded()) return null;
      const task = getTask(request.taskId);
      checkBetaInDomain(task, request.beta);
      const start = performance.now();
      // Integer columns (a spike count) are dequantised as in training: + ½.
      const { samples, numTensors } = await this.exclusive(generation, async () => {
        const drawn = await model.sample(Array.from(networkObservation(task, request.x)), request.numDraws, Rng.fromSeed(request.seed), request.beta);
        return { samples: drawn, numTensors: this.keptTensors() };
      });
      const bad = samples.findIndex((value) => !Number.isFinite(value));
      if (bad >= 0) throw new Error(`${request.route} samples: expected finite draws, got ${samples[bad]} in draw ${Math.floor(bad / task.thetaDim)}`);
      const { runId, taskId, route, beta, numDraws } = request;
      const seconds = (performance.now() - start) / 1000;
      return [{ type: 'posterior-sample-result', runId, taskId, route, beta, samples, numDraws, card, backend: report.chosen, numTensors, seconds }, [samples.buffer]];
    });
  }

  /**
   * Runs one request in its lane: a newer request in the same lane supersedes it (`work` checks
   * `superseded` after each wait and returns null to stop; a superseded answer is never posted).
   * A backend switch under it starts it over on the new backend; any other error is posted,
   * tagged with the run id.
   */
  private async inLane(lane: string, runId: number, work: (context: LaneContext) => Promise<[LabResponse, Transferable[]] | null>): Promise<void> {
    this.latest.set(lane, runId);
    const superseded = () => this.latest.get(lane) !== runId;
    try {
      const answer = await work({ ...(await this.backendGeneration()), superseded });
      if (answer && !superseded()) this.post(...answer);
    } catch (error) {
      if (error instanceof BackendSwitched) return superseded() ? undefined : this.inLane(lane, runId, work);
      this.post({ type: 'error', runId, message: (error as Error).message }, []);
    }
  }

  /**
   * Runs one unit of tensor work (one exact draw, one ladder batch) after the ones queued before
   * it: the backend computes one at a time anyway, and a unit that reports knows no other unit's
   * tensors are alive. Ladders queue batch by batch, so exact draws wait for one batch at most.
   */
  private exclusive<T>(job: () => Promise<T>): Promise<T>;
  private exclusive<T>(generation: number, job: () => Promise<T>): Promise<T>;
  private exclusive<T>(first: number | (() => Promise<T>), second?: () => Promise<T>): Promise<T> {
    // With a generation: a unit begun for a backend that has since been replaced does not run.
    const job =
      typeof first === 'function'
        ? first
        : () => {
            if (first !== this.generation) throw new BackendSwitched();
            return second!();
          };
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Tensors the worker keeps (models, constants): all alive less the ladders' x-only context and
   * base noise; read inside a unit of `exclusive`, after its own tensors are gone. Flat over a
   * session, or something leaks.
   */
  private keptTensors(): number {
    let working = 0;
    for (const path of this.livePaths) working += path.numTensors;
    return tf.memory().numTensors - working;
  }

  /**
   * Draws along a β ladder for one observation (the live slider): one base-noise set from the
   * seed pushed through the flow at every rung, the x-only context computed once, rungs nearest
   * to the focus β first — the focus rung alone (the first paint), then `LADDER_BATCH_RUNGS` at a
   * time (about 4 000 rows: batches far past that run slower per row). A newer ladder for the
   * same route stops this one between batches; a `posterior-sample` for the route is answered
   * between batches, so a resting slider gets its exact draws without waiting for the ladder.
   */
  async ladder(request: PosteriorLadderRequest): Promise<void> {
    const lane = `${request.route}:ladder`;
    this.latest.set(lane, request.runId);
    const superseded = () => this.latest.get(lane) !== request.runId;
    let path: BetaPath | null = null;
    let restart = false;
    try {
      const { report, generation } = await this.backendGeneration();
      const { model, card } = await this.load(request.source, request.taskId, request.route);
      if (superseded()) return;
      const task = getTask(request.taskId);
      for (const beta of request.betas) checkBetaInDomain(task, beta);
      const start = performance.now();
      const observation = networkObservation(task, request.x);
      path = await this.exclusive(generation, async () => new BetaPath(model, observation, request.numDraws, request.seed));
      this.livePaths.add(path);
      const drawing = path;
      const order = rungsNearestFirst(request.betas, request.focusBeta);
      const batches = [order.slice(0, 1)];
      for (let k = 1; k < order.length; k += LADDER_BATCH_RUNGS) batches.push(order.slice(k, k + LADDER_BATCH_RUNGS));
      let numDone = 0;
      for (const rungs of batches) {
        // Between batches the other routes' ladders and any exact draws get their turn: every
        // panel paints its focus rung first, and a resting β never waits for a whole ladder.
        if (numDone > 0) await this.yieldToEventLoop();
        if (superseded()) return;
        const { samples, numTensors } = await this.exclusive(generation, async () => {
          const drawn = await drawing.drawAt(rungs.map((k) => request.betas[k]!));
          return { samples: drawn, numTensors: this.keptTensors() };
        });
        const bad = samples.findIndex((value) => !Number.isFinite(value));
        if (bad >= 0) throw new Error(`${request.route} ladder draws: expected finite draws, got ${samples[bad]}`);
        if (superseded()) return;
        numDone += rungs.length;
        this.post(
          {
            type: 'posterior-ladder-result',
            runId: request.runId,
            taskId: request.taskId,
            route: request.route,
            betas: request.betas,
            rungs,
            samples,
            numDraws: request.numDraws,
            continuous: path.continuous,
            numDone,
            card,
            backend: report.chosen,
            numTensors,
            seconds: (performance.now() - start) / 1000,
          },
          [samples.buffer],
        );
      }
    } catch (error) {
      if (!(error instanceof BackendSwitched)) this.post({ type: 'error', runId: request.runId, message: (error as Error).message }, []);
      else if (!superseded()) restart = true;
    } finally {
      if (path) {
        this.livePaths.delete(path);
        path.dispose();
      }
    }
    // Begun on a backend since replaced: drawn again from the start on the new one.
    if (restart) await this.ladder(request);
  }

  /**
   * The posterior predictive (Hodgkin–Huxley): `numTraces` draws of q at β simulated into traces
   * (sent every 0.1 ms as float32), and `numFixedDraws` draws at each fixed β. Seeded: draws
   * at β use the seed, the simulations stream 1 of it, fixed β number k stream 2 + k.
   */
  predictive(request: PosteriorPredictiveRequest): Promise<void> {
    return this.inLane(`${request.route}:predictive`, request.runId, async ({ generation, superseded }) => {
      const { model } = await this.load(request.source, request.taskId, request.route);
      if (superseded()) return null;
      const task = getTask(request.taskId);
      for (const beta of [request.beta, ...request.fixedBetas]) checkBetaInDomain(task, beta);
      const start = performance.now();
      const x = Array.from(networkObservation(task, request.x));
      const theta = await this.exclusive(generation, () => model.sample(x, request.numTraces, Rng.fromSeed(request.seed), request.beta));
      const predictive = simulatePredictiveTraces(task, { data: theta, numRows: request.numTraces, numCols: task.thetaDim }, Rng.fromSeed(request.seed, 1));
      const stride = Math.max(1, Math.round(PREDICTIVE_TRACE_DT / predictive.dt));
      const length = predictive.traces.numCols;
      const kept = Math.ceil(length / stride);
      const traces = new Float32Array(request.numTraces * kept);
      for (let i = 0; i < request.numTraces; i++) for (let k = 0; k < kept; k++) traces[i * kept + k] = predictive.traces.data[i * length + k * stride]!;
      const fixedDraws = new Float64Array(request.fixedBetas.length * request.numFixedDraws * task.thetaDim);
      for (const [k, beta] of request.fixedBetas.entries()) {
        if (superseded()) return null;
        fixedDraws.set(await this.exclusive(generation, () => model.sample(x, request.numFixedDraws, Rng.fromSeed(request.seed, 2 + k), beta)), k * request.numFixedDraws * task.thetaDim);
      }
      const statistics = Float64Array.from(predictive.x.data);
      return [
        {
          type: 'posterior-predictive-result',
          runId: request.runId,
          taskId: request.taskId,
          route: request.route,
          beta: request.beta,
          traces,
          numTraces: request.numTraces,
          traceDt: predictive.dt * stride,
          statistics,
          fixedBetas: request.fixedBetas,
          fixedDraws,
          numFixedDraws: request.numFixedDraws,
          seconds: (performance.now() - start) / 1000,
        },
        [traces.buffer, statistics.buffer, fixedDraws.buffer],
      ];
    });
  }

  private disposeModels(): void {
    for (const loading of this.models.values()) loading.then(({ model }) => model.dispose()).catch(() => undefined);
    this.models.clear();
    for (const loading of this.scoreNetworks.values()) loading.then(({ networks }) => networks.forEach((network) => network.dispose())).catch(() => undefined);
    this.scoreNetworks.clear();
  }

  private loadScoreNetworks(source: ModelSource, taskId: string, route: string): Promise<LoadedScoreNetworks> {
    const { base, description } = scoreNetworkFolder(source, taskId, route);
    let loading = this.scoreNetworks.get(base);
    if (!loading) {
      loading = loadScoreNetworks(this.reader.fetchShipped, base, taskId).then((networks) => ({ networks, description }));
      loading.catch(() => this.scoreNetworks.delete(base));
      this.scoreNetworks.set(base, loading);
    }
    return loading.then((loaded) => ({ ...loaded, description }));
  }

  /**
   * Refined draws at a resting β (issue 19): k·n proposals from q (and the prior, share a),
   * weighted with the route's score networks, n resampled, with ESS and Pareto k̂. One unit of
   * tensor work; superseded by a newer refinement of the same route.
   */
  refine(request: PosteriorRefineRequest): Promise<void> {
    return this.inLane(`${request.route}:refine`, request.runId, async ({ generation, superseded }) => {
      const { networks, description } = await this.loadScoreNetworks(request.source, request.taskId, request.route);
      const { model } = await this.load(request.source, request.taskId, request.route);
      if (superseded()) return null;
      const task = getTask(request.taskId);
      checkBetaInDomain(task, request.beta);
      const start = performance.now();
      const x = Array.from(networkObservation(task, request.x));
      const refined = await this.exclusive(generation, () =>
        refine(posteriorProposal(model, x, request.beta), boxRefinementPrior(task), meanScore(networks, x), { beta: request.beta, n: request.numDraws, proposalsPerDraw: request.proposalsPerDraw, defensive: request.defensive }, Rng.fromSeed(request.seed)),
      );
      const samples = refined.theta;
      return [
        {
          type: 'posterior-refine-result',
          runId: request.runId,
          taskId: request.taskId,
          route: request.route,
          beta: request.beta,
          samples,
          numDraws: request.numDraws,
          numProposals: refined.numProposals,
          ess: refined.ess,
          essFraction: refined.essFraction,
          paretoK: Number.isFinite(refined.paretoK) ? refined.paretoK : null,
          trustworthy: refined.trustworthy,
          scoreNetworks: description,
          seconds: (performance.now() - start) / 1000,
        },
        [samples.buffer],
      ];
    });
  }
}

/** What a request's work sees in its lane (see `inLane`). */
interface LaneContext {
  readonly report: BackendReport;
  readonly generation: number;
  readonly superseded: () => boolean;
}

/** A request's unit of tensor work found its backend replaced (the request starts over). */
class BackendSwitched extends Error {
  constructor() {
    super('the backend was changed while drawing');
  }
}
