import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelCard } from '../../src/nn/serialize';
import type { LabResponse, PosteriorLadderRequest, PosteriorSampleRequest } from '../../src/protocol/messages';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createPosteriorStore, type KeyValueStorage } from '../../src/store/posterior-store';
import { DEFAULT_URL_STATE } from '../../src/store/url-state';
import { FakeWorker } from '../helpers/fake-worker';

const card = (route: string): ModelCard => ({ task: 'two_moons', route, budget: 10_000, seed: 1, commit: 'c', createdAt: 't', backend: 'wasm', trainingSeconds: 1, validationLoss: 0, extra: {} });

function setup(options: { numDraws?: number; firstDraws?: number; ladderCacheSize?: number } = {}) {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [, posterior, train] = [host(), host(), host()];
  const labChannels: LabChannels = {
    restartWorkers: () => undefined,
  };
  const labStore = createLabStore(labChannels, DEFAULT_URL_STATE, [], { ...DEFAULT_STORE_OPTIONS, restMs: 100 });
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
    { numDraws: 100, firstDraws: 100, baseUrl: 'http://lab/', storage, ...options },
  );
  const [posteriorWorker, trainWorker] = [workers[1]!, workers[2]!];
  const requests = () => posteriorWorker.sent.filter((m): m is PosteriorSampleRequest => m.type === 'posterior-sample');
  const ladders = () => posteriorWorker.sent.filter((m): m is PosteriorLadderRequest => m.type === 'posterior-ladder');
  return { labStore, posteriors, posteriorWorker, trainWorker, requests, ladders, memory };
}

/** A whole ladder in one batch: rung k's draws all equal k (so interpolation is easy to read). */
const ladderResult = (request: PosteriorLadderRequest, continuous = true): LabResponse => {
  const n = request.numDraws;
  const samples = new Float64Array(request.betas.length * n * 2);
  request.betas.forEach((_, k) => samples.fill(k, k * n * 2, (k + 1) * n * 2));
  return {
    type: 'posterior-ladder-result',
    runId: request.runId,
    taskId: request.taskId,
    route: request.route,
    betas: request.betas,
    rungs: request.betas.map((_, k) => k),
    samples,
    numDraws: n,
    continuous,
    numDone: request.betas.length,
    card: card(request.route),
    backend: 'wasm',
    numTensors: 42,
    seconds: 0.5,
  };
};

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
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should build a β ladder and draw exactly at the resting β for every route with a shipped model, and mark the others missing', () => {
    const { labStore, posteriors, posteriorWorker, requests, ladders } = setup();
    posteriors.setIndex([
      { task: 'two_moons', route: 'b-nle', card: card('b-nle') },
      { task: 'two_moons', route: 'b-nre', card: card('b-nre') },
    ]);
    expect(ladders().map((r) => [r.route, r.focusBeta, r.seed, r.numDraws])).toEqual([
      ['b-nle', 1, 1, 100],
      ['b-nre', 1, 1, 100],
    ]);
    expect(ladders()[0]!.betas.length).toBeGreaterThanOrEqual(33);
    expect(ladders().map((r) => r.source)).toEqual([
      { kind: 'shipped', url: 'http://lab/models/two_moons/b-nle/' },
      { kind: 'shipped', url: 'http://lab/models/two_moons/b-nre/' },
    ]);
    // β = 1 is the ladders' first rung: its draws are the exact draws, so nothing else is asked.
    expect(requests()).toEqual([]);
    posteriorWorker.respond(ladderResult(ladders()[0]!));
    expect(requests()).toEqual([]);
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'done', beta: 1, numDraws: 100 });
    // Off the ladder, exact draws are asked for at once.
    labStore.getState().setBeta(0.77);
    labStore.getState().releaseBeta();
    expect(requests().map((r) => [r.route, r.beta, r.source])).toEqual([
      ['b-nle', 0.77, { kind: 'shipped', url: 'http://lab/models/two_moons/b-nle/' }],
      ['b-nre', 0.77, { kind: 'shipped', url: 'http://lab/models/two_moons/b-nre/' }],
    ]);
    expect(posteriors.store.getState().panels.a.status).toBe('missing');
  });

  it('should send nothing while β moves, morph along the ladder, and draw exactly once β rests', () => {
    const { labStore, posteriors, posteriorWorker, requests, ladders } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    const ladder = ladders().at(-1)!;
    posteriorWorker.respond(ladderResult(ladder));
    const sent = posteriorWorker.sent.length;
    // Halfway (in log β) between rungs k and k + 1: every draw halfway between their values.
    const k = ladder.betas.indexOf(0.5);
    const between = Math.sqrt(ladder.betas[k]! * ladder.betas[k + 1]!);
    labStore.getState().setBeta(between);
    expect(posteriorWorker.sent.length).toBe(sent);
    const display = posteriors.display('b-nle', between);
    expect(display.kind).toBe('interpolated');
    expect(display.samples[0]).toBeCloseTo(k + 0.5, 9);
    expect(posteriors.store.getState().panels['b-nle'].status).toBe('moving');
    // A rung: its own draws (the exact draws at that β from the same noise).
    expect(posteriors.display('b-nle', 0.5)).toMatchObject({ kind: 'exact', beta: 0.5 });
    vi.advanceTimersByTime(100);
    expect(requests().at(-1)).toMatchObject({ route: 'b-nle', beta: between, numDraws: 100, seed: 1 });
    posteriorWorker.respond(result(requests().at(-1)!, 0.25));
    expect(posteriors.display('b-nle', between)).toMatchObject({ kind: 'exact', beta: between });
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'done', beta: between });
  });

  it('should take the first exact draws at a rung from the ladder and ask only for the rest', () => {
    const { labStore, posteriors, posteriorWorker, requests, ladders } = setup({ numDraws: 400, firstDraws: 100 });
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    labStore.getState().setBeta(0.7);
    labStore.getState().releaseBeta();
    expect(requests().at(-1)).toMatchObject({ beta: 0.7, numDraws: 300, seed: 1 + 1_000_003 });
    posteriorWorker.respond(result(requests().at(-1)!, 0.3));
    const display = posteriors.display('b-nle', 0.7);
    expect(display.samples.length).toBe(800);
    expect(display.samples[0]).toBe(ladders().at(-1)!.betas.indexOf(0.7));
    expect(display.samples[799]).toBe(0.3);
  });

  it('should show the nearest rung for a mixture density network, whose draws jump between β', () => {
    const { labStore, posteriors, posteriorWorker, ladders } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    const ladder = ladders().at(-1)!;
    posteriorWorker.respond(ladderResult(ladder, false));
    const k = ladder.betas.indexOf(0.5);
    const nearLower = ladder.betas[k]! * (ladder.betas[k + 1]! / ladder.betas[k]!) ** 0.2;
    labStore.getState().setBeta(nearLower);
    expect(posteriors.display('b-nle', nearLower)).toMatchObject({ kind: 'nearest-rung', beta: 0.5 });
    expect(posteriors.store.getState().panels['b-nle'].continuous).toBe(false);
  });

  it('should keep completed ladders (least recently used out), so going back to an observation needs no new ladder', () => {
    const { labStore, posteriors, posteriorWorker, ladders } = setup({ ladderCacheSize: 2 });
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    labStore.getState().selectObservation({ kind: 'fixed', index: 1 });
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    const count = ladders().length;
    labStore.getState().selectObservation({ kind: 'fixed', index: 0 });
    expect(ladders().length).toBe(count);
    expect(posteriors.display('b-nle', 1).kind).not.toBe('none');
    // Two more observations push observation 1 out of a cache of two.
    labStore.getState().selectObservation({ kind: 'fixed', index: 2 });
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    labStore.getState().selectObservation({ kind: 'fixed', index: 3 });
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    const before = ladders().length;
    labStore.getState().selectObservation({ kind: 'fixed', index: 1 });
    expect(ladders().length).toBe(before + 1);
  });

  it('should keep only the latest draws of each route, and show errors in that route only', () => {
    const { labStore, posteriors, posteriorWorker, requests } = setup();
    posteriors.setIndex([
      { task: 'two_moons', route: 'b-nle', card: card('b-nle') },
      { task: 'two_moons', route: 'b-nre', card: card('b-nre') },
    ]);
    labStore.getState().setBeta(0.77);
    labStore.getState().releaseBeta();
    const [stale] = requests();
    labStore.getState().setBeta(0.7);
    labStore.getState().releaseBeta();
    const [latestNle, latestNre] = requests().slice(-2);
    posteriorWorker.respond(result(stale!, 0.9)); // superseded: dropped
    expect(posteriors.store.getState().panels['b-nle'].status).toBe('loading'); // no card yet: the first draws also load the model
    posteriorWorker.respond(result(latestNle!, 0.2));
    posteriorWorker.respond({ type: 'error', runId: latestNre!.runId, message: 'weights.bin: expected 10 weights, got 2' });
    const { panels } = posteriors.store.getState();
    expect(panels['b-nle']).toMatchObject({ status: 'done', beta: 0.7, numDraws: 100, numTensors: 42 });
    expect(posteriors.display('b-nle', 0.7).samples[0]).toBe(0.2);
    expect(panels['b-nre']).toMatchObject({ status: 'error', error: 'weights.bin: expected 10 weights, got 2' });
  });

  it('should draw in two parts off the ladder: the first draws at once, then the rest with another seed, shown together', () => {
    const { labStore, posteriors, posteriorWorker, requests } = setup({ numDraws: 400, firstDraws: 100 });
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    labStore.getState().setBeta(0.77);
    labStore.getState().releaseBeta();
    const first = requests().at(-1)!;
    expect(first).toMatchObject({ numDraws: 100, seed: 1 });
    posteriorWorker.respond(result(first, 0.1));
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'sampling', numDraws: 100 });
    const second = requests().at(-1)!;
    expect(second).toMatchObject({ numDraws: 300, seed: 1 + 1_000_003, beta: 0.77 });
    posteriorWorker.respond(result(second, 0.3));
    expect(posteriors.store.getState().panels['b-nle']).toMatchObject({ status: 'done', numDraws: 400 });
    const held = posteriors.display('b-nle', 0.77).samples;
    expect([held.length, held[0], held[799]]).toEqual([800, 0.1, 0.3]);
  });

  it('should switch a route to the model trained in this browser, and back to the shipped one', () => {
    const { posteriors, trainWorker, ladders, memory } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    posteriors.training.getState().startTraining('b-nle', 1000);
    const train = trainWorker.last('train')!;
    expect(train).toMatchObject({ type: 'train', taskId: 'two_moons', route: 'b-nle', numSimulations: 1000, likelihood: 'auto' });
    trainWorker.respond({ type: 'train-progress', runId: train.runId, phase: 'posterior', step: 'q', epoch: 1, trainLoss: 2, validationLoss: 2.5, etaSeconds: 10 });
    trainWorker.respond({ type: 'train-progress', runId: train.runId, phase: 'posterior', step: 'q', epoch: 2, trainLoss: 1.5, validationLoss: 2.1, etaSeconds: 5 });
    expect(posteriors.training.getState().training).toMatchObject({ status: 'running', epoch: 2, trainLosses: [2, 1.5], validationLosses: [2.5, 2.1] });
    trainWorker.respond({ type: 'train-result', runId: train.runId, manifest: { card: { ...card('b-nle'), createdAt: 'rev-1' } }, weights: new Float32Array(1), seconds: 3 });
    expect(memory.get('tempered-sbi-lab:browser-model:two_moons/b-nle')).toBe('rev-1');
    expect(ladders().at(-1)!.source).toEqual({ kind: 'browser', key: 'two_moons/b-nle', revision: 'rev-1' });
    posteriors.store.getState().useShippedModel('b-nle');
    expect(ladders().at(-1)!.source).toEqual({ kind: 'shipped', url: 'http://lab/models/two_moons/b-nle/' });
  });

  it("should train B-NLE in the browser with the likelihood estimator the shipped model's card names", () => {
    const { posteriors, trainWorker } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: { ...card('b-nle'), extra: { likelihood: { kind: 'spline-flow', numTransforms: 5 } } } }]);
    posteriors.training.getState().startTraining('b-nle', 1000);
    expect(trainWorker.last('train')).toMatchObject({ route: 'b-nle', likelihood: 'spline-flow' });
  });

  it('should remember a backend override and ask the worker for it', () => {
    const { posteriors, posteriorWorker, memory } = setup();
    posteriors.backend.store.getState().setOverride('cpu');
    expect(memory.get('tempered-sbi-lab:backend')).toBe('cpu');
    expect(posteriorWorker.last('backend')).toMatchObject({ type: 'backend', override: 'cpu' });
    posteriorWorker.respond({ type: 'backend-result', runId: posteriorWorker.last('backend')!.runId, report: { chosen: 'cpu', stepsPerSecond: {}, reasons: { cpu: 'chosen: requested' }, overridden: true } });
    expect(posteriors.backend.store.getState()).toMatchObject({ status: 'ready', override: 'cpu', report: { chosen: 'cpu' } });
  });

  it('should draw at β only while the observation is dragged, one request in flight per route, and rebuild the ladder on release', () => {
    const { labStore, posteriors, posteriorWorker, requests, ladders } = setup();
    posteriors.setIndex([{ task: 'two_moons', route: 'b-nle', card: card('b-nle') }]);
    posteriorWorker.respond(ladderResult(ladders().at(-1)!));
    const [laddersBefore, requestsBefore] = [ladders().length, requests().length];
    const custom = (x: number) => ({ kind: 'custom', x: [x, 0.1], theta: null }) as const;
    labStore.getState().previewObservation(custom(0.2));
    labStore.getState().previewObservation(custom(0.25)); // in flight: due when the first returns
    expect(ladders()).toHaveLength(laddersBefore);
    expect(requests()).toHaveLength(requestsBefore + 1);
    const first = requests().at(-1)!;
    expect(first).toMatchObject({ route: 'b-nle', x: [0.2, 0.1], beta: 1, numDraws: 100 });
    posteriorWorker.respond(result(first, 0.7));
    expect(posteriors.display('b-nle', 1)).toMatchObject({ kind: 'exact', beta: 1 });
    expect(posteriors.display('b-nle', 1).samples[0]).toBeCloseTo(0.7);
    expect(posteriors.store.getState().panels['b-nle'].status).toBe('moving');
    // The due move is sent now, with the latest observation.
    expect(requests()).toHaveLength(requestsBefore + 2);
    expect(requests().at(-1)).toMatchObject({ x: [0.25, 0.1] });
    // Released: previews are forgotten (a late answer is dropped) and the ladder is rebuilt for the new x.
    labStore.getState().selectObservation(custom(0.25));
    expect(ladders()).toHaveLength(laddersBefore + 1);
    expect(ladders().at(-1)).toMatchObject({ x: [0.25, 0.1] });
    const status = posteriors.store.getState().panels['b-nle'].status;
    posteriorWorker.respond(result(requests().at(-1)!, 0.9));
    expect(posteriors.store.getState().panels['b-nle'].status).toBe(status);
    expect(status).not.toBe('moving');
  });
});
