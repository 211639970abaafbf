import { sampleBoxPrior } from '../benchmarks/box-prior';
import { getTask } from '../benchmarks/registry';
import { betaDomainText } from '../benchmarks/metadata/task-metadata';
import { Rng } from '../core/rng';
import { type BackendReport, chooseBackend } from '../nn/backend';
import type { CalibrateRequest } from '../protocol/messages';
import type { CalibrationResultMessage } from '../protocol/responses';
import { calibrate, networkPosterior, networkRows } from '../routes/calibration';
import { REFERENCE_CHECK_DATA_SETS, referenceCheckBetas, referenceCoverage } from '../routes/reference-coverage';
import { BROWSER_READER, loadAmortizedPosterior, type ModelReader } from './load-posterior';
import type { PostResponse } from './session';

/**
 * The calibration worker's logic (issue 20), free of any worker API so Node tests can drive it.
 * Its own worker, not the posterior worker's: a calibration is tens of seconds of tensor work,
 * and the panels must keep following the slider meanwhile. Loads the route's model for each
 * request (a calibration is rare; its model is not kept), simulates K data sets, and answers with
 * progress after every β and a result. With `referenceCheck` (tasks with a likelihood), that
 * result says the check is pending, and the reference sampler then ranks the first 50 data sets at
 * β = 1 and the chosen β, with progress per sampler run and a second, complete result. A `cancel`
 * for the run stops it after the β or sampler run in hand. Seeds: θ* stream 1 of the seed, x
 * stream 2, draws seed + 1, reference check seed + 2 (as the `calibrate` command).
 */
export class CalibrationSession {
  private readonly cancelled = new Set<number>();
  private backendReport: Promise<BackendReport> | null = null;

  constructor(
    private readonly post: PostResponse,
    private readonly choose: () => Promise<BackendReport> = () => chooseBackend({}),
    private readonly reader: ModelReader = BROWSER_READER,
  ) {}

  cancel(runId: number): void {
    this.cancelled.add(runId);
  }

  async calibrate(request: CalibrateRequest): Promise<void> {
    const { runId } = request;
    try {
      this.backendReport ??= this.choose();
      const backend = await this.backendReport;
      const task = getTask(request.taskId);
      const [low, high] = task.betaDomain;
      const outside = request.betas.find((beta) => !(beta >= low && beta <= high));
      if (outside !== undefined) throw new Error(`calibration β: expected numbers in ${betaDomainText(task)}, got ${outside}`);
      const { model } = await loadAmortizedPosterior(this.reader, request.source, request.taskId, request.route);
      try {
        const start = performance.now();
        const theta = sampleBoxPrior(task, request.numDataSets, Rng.fromSeed(request.seed, 1));
        const x = request.epsilon === null ? task.simulate(theta, Rng.fromSeed(request.seed, 2)) : task.misspecified.simulate(theta, request.epsilon, Rng.fromSeed(request.seed, 2));
        // Lets a cancel message in between two steps; false once this run is cancelled.
        const stillWanted = async () => {
          await new Promise((resolve) => setTimeout(resolve, 0));
          return !this.cancelled.has(runId);
        };
        const dataSets = { theta: theta.data, x: networkRows(task, x.data) };
        const result = await calibrate(
          networkPosterior(model, task),
          dataSets,
          {
            betas: request.betas,
            drawsPerDataSet: request.drawsPerDataSet,
            level: request.level,
            numBootstrap: 2000,
            onBeta: (done, total) => {
              this.post({ type: 'calibration-progress', runId, stage: 'network', done, total }, []);
              return stillWanted();
            },
          },
          Rng.fromSeed(request.seed + 1),
        );
        if (!result.complete) {
          this.post({ type: 'cancelled', runId }, []);
          return;
        }
        const checked = request.referenceCheck && task.logLikelihood !== undefined;
        const answer: CalibrationResultMessage = {
          type: 'calibration-result',
          runId,
          taskId: request.taskId,
          route: request.route,
          epsilon: request.epsilon,
          level: request.level,
          levels: [...result.levels],
          numDataSets: result.numDataSets,
          drawsPerDataSet: result.drawsPerDataSet,
          perBeta: result.perBeta.map((row) => ({ beta: row.beta, curve: row.curve, coverage: row.atLevel.coverage, low: row.atLevel.low, high: row.atLevel.high })),
          choice: { beta: result.choice.beta, explanation: result.choice.explanation },
          reference: checked ? 'pending' : null,
          backend: backend.chosen,
          seconds: (performance.now() - start) / 1000,
        };
        this.post(answer, []);
        if (!checked) return;
        // The reference check on the first data sets, with the raw x the simulator made (seeds as the `calibrate` command's: seed + 2).
        const referenceStart = performance.now();
        const k = Math.min(REFERENCE_CHECK_DATA_SETS, result.numDataSets);
        const subset = { theta: theta.data.subarray(0, k * task.thetaDim), x: x.data.subarray(0, k * task.xDim) };
        const reference = await referenceCoverage(
          task,
          subset,
          {
            betas: referenceCheckBetas(task, result.choice.beta, request.betas),
            drawsPerDataSet: request.drawsPerDataSet,
            level: request.level,
            onDataSet: (done, total) => {
              this.post({ type: 'calibration-progress', runId, stage: 'reference', done, total }, []);
              return stillWanted();
            },
          },
          request.seed + 2,
        );
        if (!reference.complete) {
          this.post({ type: 'cancelled', runId }, []);
          return;
        }
        const perBeta = reference.perBeta.map((row) => ({ beta: row.beta, curve: row.curve, coverage: row.atLevel.coverage, low: row.atLevel.low, high: row.atLevel.high }));
        this.post({ ...answer, reference: { numDataSets: k, drawsPerDataSet: reference.drawsPerDataSet, perBeta, seconds: (performance.now() - referenceStart) / 1000 } }, []);
      } finally {
        model.dispose();
      }
    } catch (error) {
      this.post({ type: 'error', runId, message: (error as Error).message }, []);
    } finally {
      this.cancelled.delete(runId);
    }
  }
}
