import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../src/nn/serialize';
import type { LabResponse, PosteriorSampleRequest } from '../../src/protocol/messages';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createPosteriorStore, type KeyValueStorage } from '../../src/store/posterior-store';
import { sampleBuffers } from '../../src/store/sample-buffers';
import { DEFAULT_URL_STATE } from '../../src/store/url-state';
import { FakeWorker } from '../helpers/fake-worker';

const card = (route: string): ModelCard => ({ task: 'two_moons', route, budget: 10_000, seed: 1, commit: 'c', createdAt: 't', backend: 'wasm', trainingSeconds: 1, validationLoss: 0, extra: {} });

function setup(options: { numDraws?: number; firstDraws?: number } = {}) {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [lab, posterior, train] = [host(), host(), host()];
  const labChannels: LabChannels = {
    priorPredictive: new LatestRunChannel(lab),
    newObservation: new LatestRunChannel(lab),
    oracleEss: new LatestRunChannel(lab),
    grid: new LatestRunChannel(lab),
    reference: new LatestRunChannel(lab),
    restartWorkers: () => undefined,
  };
  const labStore = createLabStore(labChannels, DEFAULT_URL_STATE, [], { ...DEFAULT_STORE_OPTIONS, coalesceMs: 0 });
  const memory = new Map<string, string>();
  const storage: KeyValueStorage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) };
  const posteriors = createPosteriorStore(
    labStore,
    { samples: { a: new LatestRunChannel(posterior), 'b-nle': new LatestRunChannel(posterior), 'b-nre': new LatestRunChannel(posterior) }, backend: new LatestRunChannel(posterior), training: new LatestRunChannel(train) },
    { numDraws: 100, firstDraws: 100, baseUrl: 'http://lab/', storage, ...options },
  );
  const [posteriorWorker, trainWorker] = [workers[1]!, workers[2]!];
  const requests = () => posteriorWorker.sent.filter((m): m is PosteriorSampleRequest => m.type === 'posterior-sample');
  return { labStore, posteriors, posteriorWorker, trainWorker, requests, memory };
}

const result = (request: PosteriorSampleRequest, fill = 0.1): LabResponse => ({
  type: 'posterior-sample-result',
  runId: request.runId,
  taskId: request.taskId,
  route: request.route,
  beta: request.beta,
  samples: new Float64Array(2 * request.numDraws).fill(fill),
  numDraws: request.numDraws,
  card: card(request.route),
  backend: 'wasm',
  numTensors: 42,
  seconds: 0.01,
});

describe('the posterior store', () => {
  it('should ask every route with a shipped model for draws, mark the others missing, and follow β', () => {
    const { labStore, posteriors, requests } = setup();
    posteriors.setIndex([
      { task: 'two_moons', route: 'b-nle', card: card('b-nle') },
      { task: 'two_moons', route: 'b-nre', card: card('b-nre') },
    ]);
    expect(requests().map((r) => [r.route, r.beta, r.source])).toEqual([
      ['b-nle', 1, { kind: 'shipped', url: 'http://lab/models/two_moons/b-nle/' }],
      ['b-nre', 1, { kind: 'shipped', url: 'http://lab/models/two_moons/b-nre/' }],
    ]);
    expect(posteriors.store.getState().panels.a.status).toBe('missing');
    labStore.getState().setBeta(0.5);
    expect(requests().slice(-2).map((r) => [r.route, r.beta])).toEqual([
      ['b-nle', 0.5],
      ['b-nre', 0.5],
    ]);
  });

  it('should keep only the latest draws of each route, and show errors in that route only', () => {
    const { labStore, posteriors, posteriorWorker, requests } = setup();
    posteriors.setIndex([
      { task: 'two_moons', route: 'b-nle', card: card('b-nle') },
      { task: 'two_moons', route: 'b-nre', card: card('b-nre') },
    ]);
    const [stale] = requests();
    labStore.getState().setBeta(0.7);
    const [latestNle, latestNre] = requests().slice(-2);
    posteriorWorker.respond(result(stale!, 0.9)); // superseded: dropped
    expect(posteriors.store.getState().panels['b-nle'].status).toBe('loading'); // no card yet: the first draws also load the model
    posteriorWorker.respond(result(latestNle!, 0.2));
    posteriorWorker.respond({ type: 'error', runId: latestNre!.runId, message: 'weights.bin: expected 10 weights, got 2' });
    const { panels } = posteriors.store.getState();
    expect(panels['b-nle']).toMatchObject({ status: 'done', beta: 0.7, numDraws: 100, numTensors: 42 });
    expect(sampleBuffers.getPosterior('b-nle')!.samples[0]).toBe(0.2);
    expect(panels['b-nre']).toMatchObject({ status: 'error', error: 'weights.bin: expected 10 weights, got 2' });
  });

  it('should draw in two parts: the first draws at once, then the rest with another seed, shown together', () => {
    const { posteriors, posteriorWorker, requests } = setup({ numDraws: 400, firstDraws: 100 });
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    const first = requests().at(-1)!;
    expect(first).toMatchObject({ numDraws: 100, seed: 1 });
    posteriorWorker.respond(result(first, 0.1));
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'sampling', numDraws: 100 });
    const second = requests().at(-1)!;
    expect(second).toMatchObject({ numDraws: 300, seed: 1 + 1_000_003, beta: 1 });
    posteriorWorker.respond(result(second, 0.3));
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'done', numDraws: 400 });
    const held = sampleBuffers.getPosterior('b-nle')!;
    expect([held.samples.length, held.samples[0], held.samples[799]]).toEqual([800, 0.1, 0.3]);
  });

  it('should switch a route to the model trained in this browser, and back to the shipped one', () => {
    const { posteriors, trainWorker, requests, memory } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    posteriors.store.getState().startTraining('b-nle', 1000);
    const train = trainWorker.last('train')!;
    expect(train).toMatchObject({ type: 'train', taskId: 'two_moons', route: 'b-nle', numSimulations: 1000, likelihood: 'auto' });
    trainWorker.respond({ type: 'train-progress', runId: train.runId, phase: 'posterior', step: 'q', epoch: 1, trainLoss: 2, validationLoss: 2.5, etaSeconds: 10 });
    trainWorker.respond({ type: 'train-progress', runId: train.runId, phase: 'posterior', step: 'q', epoch: 2, trainLoss: 1.5, validationLoss: 2.1, etaSeconds: 5 });
    expect(posteriors.store.getState().training).toMatchObject({ status: 'running', epoch: 2, trainLosses: [2, 1.5], validationLosses: [2.5, 2.1] });
    trainWorker.respond({ type: 'train-result', runId: train.runId, manifest: { card: { ...card('b-nle'), createdAt: 'rev-1' } }, weights: new Float32Array(1), seconds: 3 });
    expect(memory.get('tempered-sbi-lab:browser-model:two_moons/b-nle')).toBe('rev-1');
    expect(requests().at(-1)!.source).toEqual({ kind: 'browser', key: 'two_moons/b-nle', revision: 'rev-1' });
    posteriors.store.getState().useShippedModel('b-nle');
    expect(requests().at(-1)!.source).toEqual({ kind: 'shipped', url: 'http://lab/models/two_moons/b-nle/' });
  });

  it("should train B-NLE in the browser with the likelihood estimator the shipped model's card names", () => {
    const { posteriors, trainWorker } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: { ...card('b-nle'), extra: { likelihood: { kind: 'spline-flow', numTransforms: 5 } } } }]);
    posteriors.store.getState().startTraining('b-nle', 1000);
    expect(trainWorker.last('train')).toMatchObject({ route: 'b-nle', likelihood: 'spline-flow' });
  });

  it('should remember a backend override and ask the worker for it', () => {
    const { posteriors, posteriorWorker, memory } = setup();
    posteriors.store.getState().setBackendOverride('cpu');
    expect(memory.get('tempered-sbi-lab:backend')).toBe('cpu');
    expect(posteriorWorker.last('backend')).toMatchObject({ type: 'backend', override: 'cpu' });
    posteriorWorker.respond({ type: 'backend-result', runId: posteriorWorker.last('backend')!.runId, report: { chosen: 'cpu', stepsPerSecond: {}, reasons: { cpu: 'chosen: requested' }, overridden: true } });
    expect(posteriors.store.getState().backend).toMatchObject({ status: 'ready', override: 'cpu', report: { chosen: 'cpu' } });
  });
});
