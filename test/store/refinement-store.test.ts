import { describe, expect, it } from 'vitest';
import type { PosteriorRefineRequest } from '../../src/protocol/messages';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createRefinementStore } from '../../src/store/refinement-store';
import type { PanelRoute } from '../../src/store/shipped-models';
import { FakeWorker } from '../helpers/fake-worker';

function setup() {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [, posterior] = [host(), host()];
  const labChannels: LabChannels = { restartWorkers: () => undefined };
  // restMs large: β rests only when released, as after a drag.
  const labStore = createLabStore(labChannels, { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 0.7, seed: 1 }, [], { ...DEFAULT_STORE_OPTIONS, restMs: 60_000 });
  const sources: Record<PanelRoute, boolean> = { a: true, 'b-nle': true, 'b-nre': true };
  const channels = { a: new LatestRunChannel(posterior), 'b-nle': new LatestRunChannel(posterior), 'b-nre': new LatestRunChannel(posterior) };
  const refinement = createRefinementStore(labStore, (route) => (sources[route] ? { kind: 'shipped', url: `http://lab/models/two_moons/${route}/` } : null), channels, { numDraws: 50, proposalsPerDraw: 4, defensive: 0.1, committedShare: (taskId, route) => (taskId === 'two_moons' && route === 'b-nle' ? 0.2 : null) });
  const worker = workers[1]!;
  const requests = () => worker.sent.filter((m): m is PosteriorRefineRequest => m.type === 'posterior-refine');
  const answer = (request: PosteriorRefineRequest, paretoK = 0.3) =>
    worker.respond({ type: 'posterior-refine-result', runId: request.runId, taskId: request.taskId, route: request.route, beta: request.beta, samples: new Float64Array(2 * request.numDraws).fill(0.25), numDraws: request.numDraws, numProposals: request.numDraws * request.proposalsPerDraw, ess: 80, essFraction: 0.4, paretoK, trustworthy: paretoK <= 0.7, scoreNetworks: 'its two cross-fitted ratio classifiers', seconds: 0.2 });
  return { labStore, refinement, worker, requests, answer };
}

describe('the refinement store (the panels\' refine switches)', () => {
  it('should refine nothing until a switch is on, then refine at the resting β and hold the draws for that selection only', () => {
    const { labStore, refinement, requests, answer } = setup();
    expect(requests()).toEqual([]);
    refinement.store.getState().setRefine('b-nre', true);
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ route: 'b-nre', beta: 0.7, numDraws: 50, proposalsPerDraw: 4, defensive: 0.1, source: { kind: 'shipped', url: 'http://lab/models/two_moons/b-nre/' } });
    expect(refinement.store.getState().panels['b-nre'].status).toBe('refining');
    answer(requests()[0]!);
    const panel = refinement.store.getState().panels['b-nre'];
    expect(panel).toMatchObject({ status: 'done', ess: 80, numProposals: 200, paretoK: 0.3, trustworthy: true, scoreNetworks: 'its two cross-fitted ratio classifiers' });
    expect(refinement.refinedDraws('b-nre')).toHaveLength(100);
    expect(refinement.refinedDraws('b-nle')).toBeNull();

    // β moves: nothing is refined while dragging, and the held draws no longer belong to the selection.
    labStore.getState().setBeta(0.9);
    expect(refinement.refinedDraws('b-nre')).toBeNull();
    expect(requests()).toHaveLength(1);
    expect(refinement.store.getState().panels['b-nre'].status).toBe('waiting');
    labStore.getState().setBeta(1.1);
    labStore.getState().releaseBeta();
    expect(requests()).toHaveLength(2);
    expect(requests()[1]).toMatchObject({ beta: 1.1 });
  });

  it('should drop a stale answer and keep the one for the latest rest; switching off cancels and forgets', () => {
    const { labStore, refinement, requests, answer } = setup();
    refinement.store.getState().setRefine('a', true);
    labStore.getState().setBeta(0.5);
    labStore.getState().releaseBeta();
    expect(requests().map((r) => r.beta)).toEqual([0.7, 0.5]);
    answer(requests()[0]!); // stale: β has moved on
    expect(refinement.store.getState().panels.a.status).toBe('refining');
    answer(requests()[1]!, 0.9);
    expect(refinement.store.getState().panels.a).toMatchObject({ status: 'done', beta: 0.5, paretoK: 0.9, trustworthy: false });
    refinement.store.getState().setRefine('a', false);
    expect(refinement.store.getState().panels.a.status).toBe('off');
    expect(refinement.refinedDraws('a')).toBeNull();
  });

  it('should refine a shipped model with the prior share its committed refined results used, and say so', () => {
    const { refinement, requests } = setup();
    refinement.store.getState().setRefine('b-nle', true);
    refinement.store.getState().setRefine('b-nre', true);
    expect(requests().map((r) => [r.route, r.defensive])).toEqual([
      ['b-nle', 0.2],
      ['b-nre', 0.1],
    ]);
    expect(refinement.store.getState().panels['b-nle']).toMatchObject({ defensive: 0.2, defensiveFromResults: true });
    expect(refinement.store.getState().panels['b-nre']).toMatchObject({ defensive: 0.1, defensiveFromResults: false });
  });

  it('should show a worker\'s error on the panel', () => {
    const { refinement, requests, worker } = setup();
    refinement.store.getState().setRefine('b-nle', true);
    worker.respond({ type: 'error', runId: requests()[0]!.runId, message: 'refinement needs the score networks shipped with the model: …' });
    expect(refinement.store.getState().panels['b-nle']).toMatchObject({ status: 'error', error: 'refinement needs the score networks shipped with the model: …' });
  });
});
