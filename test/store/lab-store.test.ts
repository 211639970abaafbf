import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabRequest } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { FakeWorker } from '../helpers/fake-worker';
import { DEFAULT_URL_STATE } from '../../src/store/url-state';

function setup(options = {}) {
  const workers: FakeWorker[] = [];
  const connect = () => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  };
  const simulation = new WorkerHost(connect);
  const channels: LabChannels = {
    priorPredictive: new LatestRunChannel(simulation),
    newObservation: new LatestRunChannel(simulation),
    oracleEss: new LatestRunChannel(simulation),
    restartWorkers: () => simulation.restart(),
  };
  const store = createLabStore(channels, DEFAULT_URL_STATE, [], { ...DEFAULT_STORE_OPTIONS, restMs: 100, ...options });
  return { store, workers, simulationWorker: () => workers[workers.length - 1]! };
}

describe('lab store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should run every panel for the selection and drop a stale run’s late result (latest wins)', () => {
    const { store, simulationWorker } = setup();
    store.getState().refreshAll();
    store.getState().setSeed(5);
    // Each channel cancels its own previous run: the prior predictive's and the oracle ESS's.
    expect(simulationWorker().sent.map((m) => m.type)).toEqual(['prior-predictive', 'oracle-ess', 'cancel', 'prior-predictive', 'cancel', 'oracle-ess']);
    const [first, second] = simulationWorker().sent.filter((m) => m.type === 'prior-predictive') as [LabRequest & { runId: number }, LabRequest & { runId: number }];
    simulationWorker().respond({ type: 'prior-predictive-result', runId: first.runId, taskId: 'two_moons', seed: 1, numDraws: 1, theta: new Float64Array(2), x: Float64Array.of(1, 1), seconds: 0 });
    expect(store.getState().priorPredictive.version).toBe(0);
    simulationWorker().respond({ type: 'prior-predictive-result', runId: second.runId, taskId: 'two_moons', seed: 5, numDraws: 1, theta: new Float64Array(2), x: Float64Array.of(5, 5), seconds: 0 });
    expect(store.getState().priorPredictive).toMatchObject({ status: 'done', version: 1 });
    expect(store.getState().priorPredictive.samples?.x).toEqual(Float64Array.of(5, 5));
  });

  it("should ask for the oracle ESS curves of the task with the lab's seed, keep the latest, and say 'none' without a likelihood", () => {
    const { store, simulationWorker } = setup();
    store.getState().refreshAll();
    const request = simulationWorker().sent.find((m) => m.type === 'oracle-ess') as LabRequest & { runId: number };
    expect(request).toMatchObject({ taskId: 'two_moons', numSimulations: 10_000, seed: 1 });
    expect(store.getState().oracleEss.status).toBe('running');
    const curves = [{ route: 'b-oracle' as const, betas: [0.1, 1.5], essFraction: [0.03, 0.9] }];
    simulationWorker().respond({ type: 'oracle-ess-result', runId: request.runId, taskId: 'two_moons', numSimulations: 10_000, seed: 1, curves, seconds: 1 });
    expect(store.getState().oracleEss).toMatchObject({ status: 'done', taskId: 'two_moons', curves });
    store.getState().selectTask('hodgkin_huxley');
    expect(store.getState().oracleEss).toMatchObject({ status: 'none', taskId: 'hodgkin_huxley', curves: [] });
    // A late answer for the task before is not shown for this one.
    simulationWorker().respond({ type: 'oracle-ess-result', runId: request.runId, taskId: 'two_moons', numSimulations: 10_000, seed: 1, curves, seconds: 1 });
    expect(store.getState().oracleEss.status).toBe('none');
  });

  it('should let β rest after a pause without moves, or at once when released, and never while playing', () => {
    const { store } = setup();
    expect(store.getState().betaResting).toBe(true);
    for (const beta of [0.2, 0.3, 0.4]) {
      store.getState().setBeta(beta);
      vi.advanceTimersByTime(60);
    }
    expect(store.getState()).toMatchObject({ betaResting: false, restingBeta: 1 });
    vi.advanceTimersByTime(100);
    expect(store.getState()).toMatchObject({ betaResting: true, restingBeta: 0.4 });
    store.getState().setBeta(0.5);
    store.getState().releaseBeta();
    expect(store.getState()).toMatchObject({ betaResting: true, restingBeta: 0.5 });
    store.getState().setPlaying(true);
    vi.advanceTimersByTime(1000);
    expect(store.getState().betaResting).toBe(false);
    store.getState().releaseBeta();
    expect(store.getState().betaResting).toBe(false);
    store.getState().setPlaying(false);
    expect(store.getState().betaResting).toBe(true);
  });

  it('should not rewrite the notes when a β move has no note to remove (nothing re-renders)', () => {
    const { store } = setup();
    const notes = store.getState().notes;
    store.getState().setBeta(0.5);
    store.getState().setBeta(0.6);
    expect(store.getState().notes).toBe(notes);
  });

  it('should bump the revision on refreshAll and retry, restarting the workers on retry', () => {
    const { store, workers } = setup();
    const revision = store.getState().revision;
    store.getState().refreshAll();
    expect(store.getState().revision).toBe(revision + 1);
    const before = workers.length;
    store.getState().retry();
    expect(workers.slice(0, before).every((worker) => worker.terminated)).toBe(true);
    expect(store.getState().revision).toBe(revision + 2);
  });

  it('should clamp β outside the task’s domain with a visible note', () => {
    const { store } = setup();
    store.getState().setBeta(7);
    expect(store.getState().beta).toBe(1.5);
    expect(store.getState().notes.map((note) => note.text).join()).toMatch(/β: expected a number in \[0.1, 1.5\] \(Two Moons's β range\), got 7; clamped to 1.5/);
    store.getState().setBeta(Number.NaN);
    expect(store.getState().beta).toBe(1);
  });

  it('should warn when a dragged observation leaves the data range, and allow it', () => {
    const { store } = setup();
    store.getState().selectObservation({ kind: 'custom', x: [5, 5], theta: null });
    expect(store.getState().observation).toEqual({ kind: 'custom', x: [5, 5], theta: null });
    expect(store.getState().notes.some((note) => note.id === 'data-range')).toBe(true);
    store.getState().selectObservation({ kind: 'fixed', index: 1 });
    expect(store.getState().notes.some((note) => note.id === 'data-range')).toBe(false);
  });

  it('should sweep β up and down while playing and stop cleanly', () => {
    const { store } = setup({ playStepMs: 10, playSteps: 10 });
    store.getState().setBeta(0.1);
    store.getState().setPlaying(true);
    const seen: number[] = [];
    for (let step = 0; step < 12; step++) {
      vi.advanceTimersByTime(10);
      seen.push(store.getState().beta);
    }
    expect(Math.max(...seen)).toBe(1.5);
    expect(seen[seen.length - 1]).toBeLessThan(1.5);
    store.getState().setPlaying(false);
    const stopped = store.getState().beta;
    vi.advanceTimersByTime(100);
    expect(store.getState().beta).toBe(stopped);
  });

  it('should turn a simulated observation into the selection, with its true θ', () => {
    const { store, simulationWorker } = setup();
    store.getState().simulateObservation();
    const request = simulationWorker().last('prior-predictive') as { runId: number; numDraws: number };
    expect(request.numDraws).toBe(1);
    simulationWorker().respond({ type: 'prior-predictive-result', runId: request.runId, taskId: 'two_moons', seed: 1, numDraws: 1, theta: Float64Array.of(0.1, 0.2), x: Float64Array.of(0.3, 0.4), seconds: 0 });
    expect(store.getState().observation).toEqual({ kind: 'custom', x: [0.3, 0.4], theta: [0.1, 0.2] });
  });

  it('should make a recorded trace the observation via the worker, and keep the old one with a note when it fails', async () => {
    const { store, simulationWorker } = setup();
    const csv = (text: string) => ({ name: 'cell.csv', size: text.length, text: () => Promise.resolve(text) });
    await store.getState().loadRecordedTrace(csv('time,voltage\n0,-70\n0.01,-70\n'));
    expect(store.getState().notes.map((note) => note.id)).toContain('trace');
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toMatch(/whose data are traces \(Hodgkin–Huxley\), not of Two Moons/);
    store.getState().selectTask('hodgkin_huxley');
    await store.getState().loadRecordedTrace({ name: 'huge.csv', size: 3e7, text: () => Promise.reject(new Error('not read')) });
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toMatch(/huge\.csv: expected a CSV file of at most 20 MB, got 30\.0 MB/);
    expect(simulationWorker().last('recorded-trace')).toBeUndefined();

    await store.getState().loadRecordedTrace(csv('time,voltage\n0,-70\n0.01,-70\n'));
    const failed = simulationWorker().last('recorded-trace') as { runId: number; name: string; text: string; taskId: string };
    expect(failed).toMatchObject({ taskId: 'hodgkin_huxley', name: 'cell.csv', text: 'time,voltage\n0,-70\n0.01,-70\n' });
    expect(parseLabRequest(failed)).toEqual(failed);
    simulationWorker().respond({ type: 'error', runId: failed.runId, message: 'cell.csv: expected at least 11000 samples' });
    expect(store.getState().observation).toEqual({ kind: 'fixed', index: 0 });
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toBe('Could not use the recorded trace: cell.csv: expected at least 11000 samples');

    await store.getState().loadRecordedTrace(csv('a good one'));
    const request = simulationWorker().last('recorded-trace') as { runId: number };
    const x = Float64Array.of(3, -70, 0.1, -60, 40, 2, 8);
    simulationWorker().respond({ type: 'recorded-trace-result', runId: request.runId, taskId: 'hodgkin_huxley', name: 'cell.csv', x, voltage: Float64Array.of(-70, -69), dt: 0.04, seconds: 0 });
    expect(store.getState().observation).toEqual({ kind: 'recorded', name: 'cell.csv', x: [...x], trace: { dt: 0.04, voltage: [-70, -69] } });
    expect(store.getState().notes.some((note) => note.id === 'trace')).toBe(false);
  });

  it('should refuse a seed that is not an integer', () => {
    const { store } = setup();
    expect(() => store.getState().setSeed(1.5)).toThrow(/seed: expected a safe integer, got 1.5/);
  });
});
