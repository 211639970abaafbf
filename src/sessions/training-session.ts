import { getTask } from '../benchmarks/registry';
import { tf } from '../nn/tf';
import { type ModelCard, serializeModel } from '../nn/serialize';
import type { TrainRequest } from '../protocol/messages';
import { LIKELIHOOD_ESTIMATORS, trainRoute } from '../routes/train-route';
import { trainingProblemFor } from '../routes/training-problem';
import type { PostResponse } from './session';

/**
 * The training worker's logic, free of any worker API so Node tests can drive it: one run at a
 * time, latest wins, cancel between batches. Progress is posted at most every 250 ms (and at
 * every phase change); the result is the saved model (manifest with card, weights transferred),
 * which the page can store in IndexedDB and `sample` can load.
 */
export class TrainingSession {
  private current: { runId: number; cancelled: boolean } | null = null;

  constructor(
    private readonly post: PostResponse,
    private readonly yieldToEventLoop: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ) {}

  async start(request: TrainRequest): Promise<void> {
    if (this.current) this.current.cancelled = true;
    const run = { runId: request.runId, cancelled: false };
    this.current = run;
    const task = getTask(request.taskId);
    const likelihood = request.route === 'b-nle' ? LIKELIHOOD_ESTIMATORS[request.likelihood ?? 'auto'] : null;
    const started = performance.now();
    let lastPost = 0;
    let lastPhase = '';
    try {
      const result = await trainRoute(trainingProblemFor(task), request.route, {
        numSimulations: request.numSimulations,
        seed: request.seed,
        maxEpochs: request.maxEpochs,
        ...(likelihood ? { likelihood } : {}),
        shouldStop: () => run.cancelled,
        betweenEpochs: this.yieldToEventLoop,
        onProgress: (progress) => {
          const now = performance.now();
          const key = `${progress.phase}|${progress.step}`;
          if (key === lastPhase && now - lastPost < 250) return;
          lastPhase = key;
          lastPost = now;
          this.post({ type: 'train-progress', runId: run.runId, ...progress }, []);
        },
      });
      // Browser-trained models are kept without their score networks (refinement needs a shipped model).
      result.scoreNetworks.forEach((network) => network.dispose());
      if (run.cancelled || result.cancelled) {
        result.posterior.dispose();
        this.post({ type: 'cancelled', runId: run.runId }, []);
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      const card: ModelCard = {
        task: task.id,
        route: request.route,
        budget: request.numSimulations,
        seed: request.seed,
        commit: 'trained in the browser',
        createdAt: new Date().toISOString(),
        backend: tf.getBackend(),
        trainingSeconds: seconds,
        validationLoss: result.validationLoss,
        extra: result.extra,
      };
      const { manifest, weights } = await serializeModel(result.posterior, card);
      result.posterior.dispose();
      this.post({ type: 'train-result', runId: run.runId, manifest, weights, seconds }, [weights.buffer]);
    } catch (error) {
      this.post({ type: 'error', runId: run.runId, message: (error as Error).message }, []);
    } finally {
      if (this.current === run) this.current = null;
    }
  }

  /** Stops run `runId` if it is the one running. */
  cancel(runId: number): void {
    if (this.current?.runId === runId) this.current.cancelled = true;
  }
}
