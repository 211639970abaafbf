import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../src/nn/serialize';
import type { LabResponse, PosteriorPredictiveRequest, PosteriorSampleRequest } from '../../src/protocol/messages';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createPosteriorStore, type KeyValueStorage } from '../../src/store/posterior-store';
import { createPredictiveStore, FIGURE_2_BETAS } from '../../src/store/predictive-store';
import { FakeWorker } from '../helpers/fake-worker';

const card = (route: string): ModelCard => ({ task: 'hodgkin_huxley', route, budget: 10_000, seed: 1, commit: 'c', createdAt: 't', backend: 'wasm', trainingSeconds: 1, validationLoss: 0, extra: {} });

function setup(taskId: 'hodgkin_huxley' | 'two_moons' = 'hodgkin_huxley') {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [, posterior, train] = [host(), host(), host()];
  const labChannels: LabChannels = { restartWorkers: () => undefined };
  const labStore = createLabStore(labChannels, { taskId, observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 }, [], { ...DEFAULT_STORE_OPTIONS, restMs: 0 });
  const memory = new Map<string, string>();
  const storage: KeyValueStorage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) };
  const posteriors = createPosteriorStore(
    labStore,
    {
      samples: { a: new LatestRunChannel(posterior), 'b-nle': new LatestRunChannel(posterior), 'b-nre': new LatestRunChannel(posterior) },
      ladders: { a: new LatestRunChannel(posterior), 'b-nle': new LatestRunChannel(posterior), 'b-nre': new LatestRunChannel(posterior) },
      backend: new LatestRunChannel(posterior),
      training: new LatestRunChannel(train),
    },
    { numDraws: 100, firstDraws: 100, baseUrl: 'http://lab/', storage },
  );
  const predictive = createPredictiveStore(labStore, posteriors.store, posteriors.sourceFor, new LatestRunChannel(posterior), { numTraces: 5, numFixedDraws: 30 });
  const worker = workers[1]!;
  const sampleRequests = () => worker.sent.filter((m): m is PosteriorSampleRequest => m.type === 'posterior-sample');
  const predictiveRequests = () => worker.sent.filter((m): m is PosteriorPredictiveRequest => m.type === 'posterior-predictive');
  const answerSamples = () => {
    for (const request of sampleRequests().slice(-3)) {
      worker.respond({ type: 'posterior-sample-result', runId: request.runId, taskId: request.taskId, route: request.route, beta: request.beta, samples: new Float64Array(8 * request.numDraws).fill(1), numDraws: request.numDraws, card: card(request.route), backend: 'wasm', numTensors: 1, seconds: 0.01 });
    }
  };
  const answerPredictive = (request: PosteriorPredictiveRequest): LabResponse => ({
    type: 'posterior-predictive-result',
    runId: request.runId,
    taskId: request.taskId,
    route: request.route,
    beta: request.beta,
    traces: new Float32Array(request.numTraces * 1201).fill(-70),
    numTraces: request.numTraces,
    traceDt: 0.1,
    statistics: new Float64Array(request.numTraces * 7),
    fixedBetas: request.fixedBetas,
    fixedDraws: new Float64Array(request.fixedBetas.length * request.numFixedDraws * 8).fill(2),
    numFixedDraws: request.numFixedDraws,
    seconds: 0.02,
  });
  return { labStore, posteriors, predictive, worker, answerSamples, predictiveRequests, answerPredictive };
}

describe('the posterior predictive store', () => {
  it('should ask for traces once the model is known, with the Figure 2 draws once per observation, and follow β', () => {
    const { labStore, posteriors, predictive, worker, answerSamples, predictiveRequests, answerPredictive } = setup();
    posteriors.setIndex([{ task: 'hodgkin_huxley', route: 'b-nle', card: card('b-nle') }]);
    answerSamples();
    expect(predictiveRequests()).toHaveLength(1); // once per selection, however often the panel redraws
    const first = predictiveRequests().at(-1)!;
    expect(first).toMatchObject({ taskId: 'hodgkin_huxley', route: 'b-nle', beta: 1, numTraces: 5, fixedBetas: FIGURE_2_BETAS, numFixedDraws: 30, source: { kind: 'shipped', url: 'http://lab/models/hodgkin_huxley/b-nle/' } });
    worker.respond(answerPredictive(first));
    expect(predictive.getState()).toMatchObject({ status: 'done', beta: 1, version: 1 });
    expect(predictive.getState().traces).toMatchObject({ route: 'b-nle', numTraces: 5, traceDt: 0.1 });
    expect(predictive.getState().fixedBeta).toMatchObject({ route: 'b-nle', betas: FIGURE_2_BETAS, numDraws: 30 });

    // β moves: no traces while it moves; when it rests, new traces, but the fixed-β draws of this observation are kept.
    labStore.getState().setBeta(0.4);
    expect(predictiveRequests()).toHaveLength(1);
    labStore.getState().releaseBeta();
    answerSamples();
    const second = predictiveRequests().at(-1)!;
    expect(second).toMatchObject({ beta: 0.4, fixedBetas: [] });
    // A stale answer (the first run) is dropped.
    worker.respond(answerPredictive(first));
    expect(predictive.getState().beta).toBe(1);
    worker.respond(answerPredictive(second));
    expect(predictive.getState()).toMatchObject({ status: 'done', beta: 0.4, version: 2 });
    expect(predictive.getState().fixedBeta!.betas).toEqual(FIGURE_2_BETAS);

    // A new observation asks for the fixed-β draws again.
    labStore.getState().selectObservation({ kind: 'showcase', id: 'quiet' });
    answerSamples();
    expect(predictiveRequests().at(-1)).toMatchObject({ fixedBetas: FIGURE_2_BETAS, x: labStore.getState().observation.kind === 'showcase' ? expect.any(Array) : [] });
  });

  it('should say when the chosen route has no model, and show an error from the worker', () => {
    const { posteriors, predictive, worker, answerSamples, predictiveRequests } = setup();
    posteriors.setIndex([{ task: 'hodgkin_huxley', route: 'b-nle', card: card('b-nle') }]);
    predictive.getState().setRoute('b-nre');
    expect(predictive.getState().status).toBe('missing');
    predictive.getState().setRoute('b-nle');
    answerSamples();
    const request = predictiveRequests().at(-1)!;
    worker.respond({ type: 'error', runId: request.runId, message: 'β: expected a number in [0.1, 2]' });
    expect(predictive.getState()).toMatchObject({ status: 'error', error: 'β: expected a number in [0.1, 2]' });
  });

  it('should stay off for tasks without traces', () => {
    const { posteriors, predictive, answerSamples, predictiveRequests } = setup('two_moons');
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    answerSamples();
    expect(predictive.getState().status).toBe('off');
    expect(predictiveRequests()).toHaveLength(0);
  });
});
