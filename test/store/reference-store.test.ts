import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridLadderRequest, LabRequest, LabResponse, ReferenceLadderRequest, ReferenceRequest } from '../../src/protocol/messages';
import type { GridView } from '../../src/protocol/payloads';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels, observationKey, selectionKey } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createReferenceStore, referenceDisplay, type ReferenceChannels } from '../../src/store/reference-store';
import type { LabSelection } from '../../src/store/url-state';
import { FakeWorker } from '../helpers/fake-worker';

function setup(initial: LabSelection = { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 }) {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [simulation, grid, reference, referenceLadder] = [host(), host(), host(), host()];
  const labChannels: LabChannels = {
    restartWorkers: () => [simulation, grid, reference, referenceLadder].forEach((h) => h.restart()),
  };
  const lab = createLabStore(labChannels, initial, [], { ...DEFAULT_STORE_OPTIONS, restMs: 100 });
  const channels: ReferenceChannels = {
    grid: new LatestRunChannel(grid),
    gridLadder: new LatestRunChannel(grid),
    reference: new LatestRunChannel(reference),
    referenceLadder: new LatestRunChannel(referenceLadder),
  };
  const handle = createReferenceStore(lab, channels, { referenceDraws: 50, ladderDraws: 10, cacheSize: 4, samplerDelayMs: 0 });
  const latest = (index: number) => () => workers.filter((_, i) => i % 4 === index).at(-1)!;
  return { lab, handle, gridWorker: latest(1), referenceWorker: latest(2), ladderWorker: latest(3) };
}

const DIAGNOSTICS = { method: 'MH', acceptanceRate: 0.3, swapRate: null, splitRhat: null, bulkEss: [5, 5], modeMasses: null, iterations: 1, totalIterations: 1, seconds: 1 };
const view = (beta: number): GridView => ({ beta, contours: [], marginals: [] });
const progress = (runId: number, isFinal: boolean, numKept = 5, fill = 0.5): LabResponse => ({
  type: 'reference-progress',
  runId,
  samples: new Float64Array(2 * numKept).fill(fill),
  numKept,
  progress: isFinal ? 1 : 0.5,
  isFinal,
  diagnostics: isFinal ? DIAGNOSTICS : null,
  seconds: 1,
});
const display = (lab: ReturnType<typeof setup>['lab'], handle: ReturnType<typeof setup>['handle']) => {
  const state = lab.getState();
  return referenceDisplay(handle.buffers, selectionKey(state), observationKey(state), state.beta);
};

describe('the reference store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should build the grid ladder once per observation, and at a resting β ask for the exact grid and the sampler', () => {
    const { lab, gridWorker, referenceWorker } = setup();
    lab.getState().refreshAll();
    const ladder = gridWorker().last('grid-ladder') as GridLadderRequest;
    expect(ladder).toMatchObject({ taskId: 'two_moons', focusBeta: 1, numDraws: 10, seed: 1 });
    expect(ladder.betas.length).toBeGreaterThanOrEqual(33);
    expect(gridWorker().last('grid')).toMatchObject({ beta: 1, numDraws: 10, seed: 1 });
    expect(referenceWorker().last('reference')).toMatchObject({ beta: 1, numDraws: 50, seed: 1 });
    const count = gridWorker().sent.filter((m) => m.type === 'grid-ladder').length;
    lab.getState().setBeta(0.5);
    vi.advanceTimersByTime(200);
    expect(gridWorker().sent.filter((m) => m.type === 'grid-ladder').length).toBe(count);
  });

  it('should show the nearest rung while β moves, cancel the resting run, and run the sampler once β rests', () => {
    const { lab, handle, gridWorker, referenceWorker } = setup();
    lab.getState().refreshAll();
    const ladder = gridWorker().last('grid-ladder') as GridLadderRequest;
    ladder.betas.forEach((beta, rung) =>
      gridWorker().respond({ type: 'grid-ladder-result', runId: ladder.runId, taskId: 'two_moons', betas: ladder.betas, rung, view: view(beta), draws: new Float64Array(20).fill(rung), numDraws: 10, numDone: rung + 1, seconds: 0 }),
    );
    expect(handle.store.getState().ladder).toMatchObject({ kind: 'grid', status: 'done', numDone: ladder.betas.length });
    const run = referenceWorker().last('reference') as ReferenceRequest;
    const k = ladder.betas.indexOf(0.5);
    const nearUpper = ladder.betas[k]! * (ladder.betas[k + 1]! / ladder.betas[k]!) ** 0.8;
    lab.getState().setBeta(nearUpper);
    expect(referenceWorker().last('cancel')).toEqual({ type: 'cancel', runId: run.runId });
    expect(handle.store.getState().run.status).toBe('waiting');
    expect(display(lab, handle)).toMatchObject({ kind: 'grid-rung', beta: ladder.betas[k + 1] });
    expect(display(lab, handle).view?.beta).toBe(ladder.betas[k + 1]);
    vi.advanceTimersByTime(100);
    const resting = referenceWorker().last('reference') as ReferenceRequest;
    expect(resting.beta).toBe(nearUpper);
    // The exact grid at β answers at once; the sampler's run replaces it when done.
    const grid = gridWorker().last('grid') as LabRequest & { runId: number };
    gridWorker().respond({ type: 'grid-result', runId: grid.runId, taskId: 'two_moons', view: view(nearUpper), draws: new Float64Array(20).fill(-1), numDraws: 10, seconds: 0 });
    expect(display(lab, handle)).toMatchObject({ kind: 'grid', beta: nearUpper });
    referenceWorker().respond(progress(resting.runId, false));
    expect(handle.store.getState().run.status).toBe('streaming');
    referenceWorker().respond(progress(resting.runId, true, 5, 0.25));
    expect(display(lab, handle)).toMatchObject({ kind: 'sampler', beta: nearUpper });
    expect(handle.store.getState().run).toMatchObject({ status: 'done', numKept: 5 });
  });

  it('should show a finished run again at once when β comes back to it, without running the sampler again', () => {
    const { lab, handle, referenceWorker } = setup();
    lab.getState().refreshAll();
    const first = referenceWorker().last('reference') as ReferenceRequest;
    referenceWorker().respond(progress(first.runId, true));
    lab.getState().setBeta(0.3);
    lab.getState().releaseBeta();
    const count = referenceWorker().sent.filter((m) => m.type === 'reference').length;
    lab.getState().setBeta(1);
    lab.getState().releaseBeta();
    expect(referenceWorker().sent.filter((m) => m.type === 'reference').length).toBe(count);
    expect(display(lab, handle)).toMatchObject({ kind: 'sampler', beta: 1 });
    expect(handle.store.getState().run).toMatchObject({ status: 'done', numKept: 5 });
  });

  it('should serve SLCP from one tempering run over the ladder: no single-β run at a rung, one off it', () => {
    const { lab, handle, ladderWorker, referenceWorker } = setup({ taskId: 'slcp', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 });
    lab.getState().refreshAll();
    const request = ladderWorker().last('reference-ladder') as ReferenceLadderRequest;
    expect(request).toMatchObject({ taskId: 'slcp', numDraws: 40, seed: 1 });
    expect(referenceWorker().last('reference')).toBeUndefined();
    const numKept = 3;
    const samples = new Float64Array(request.betas.length * numKept * 5);
    request.betas.forEach((_, k) => samples.fill(k, k * numKept * 5, (k + 1) * numKept * 5));
    ladderWorker().respond({ type: 'reference-ladder-progress', runId: request.runId, taskId: 'slcp', betas: request.betas, samples, numKept, progress: 1, isFinal: true, diagnostics: DIAGNOSTICS, seconds: 9 });
    expect(display(lab, handle)).toMatchObject({ kind: 'sampler', beta: 1 });
    lab.getState().setBeta(0.5);
    lab.getState().releaseBeta();
    expect(referenceWorker().last('reference')).toBeUndefined();
    expect(display(lab, handle)).toMatchObject({ kind: 'tempering-rung', beta: 0.5 });
    expect(display(lab, handle).samples[0]).toBe(request.betas.indexOf(0.5));
    lab.getState().setBeta(0.77);
    lab.getState().releaseBeta();
    expect(referenceWorker().last('reference')).toMatchObject({ beta: 0.77 });
    expect(display(lab, handle)).toMatchObject({ kind: 'tempering-rung' });
  });

  it('should show a worker crash, and run again on retry', () => {
    const { lab, handle, referenceWorker } = setup();
    lab.getState().refreshAll();
    referenceWorker().crash('out of memory');
    expect(handle.store.getState().run).toMatchObject({ status: 'error', error: 'the lab worker stopped (out of memory); restarting it (attempt 1 of 3)' });
    lab.getState().retry();
    expect(referenceWorker().last('reference')).toMatchObject({ beta: 1 });
    expect(handle.store.getState().run.status).toBe('streaming');
  });
});
