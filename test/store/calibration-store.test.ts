import { describe, expect, it } from 'vitest';
import type { CalibrateRequest, CancelRequest } from '../../src/protocol/messages';
import { calibrationSentence } from '../../src/charts/calibration-figure';
import { CALIBRATION_SIZES, createCalibrationStore } from '../../src/store/calibration-store';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { FakeWorker } from '../helpers/fake-worker';

function setup() {
  const workers: FakeWorker[] = [];
  const host = () =>
    new WorkerHost(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  const [, calibrationHost] = [host(), host()];
  const labChannels: LabChannels = { restartWorkers: () => undefined };
  const labStore = createLabStore(labChannels, { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 0.7, seed: 4 }, [], DEFAULT_STORE_OPTIONS);
  const available = new Set(['b-nle', 'b-nre']);
  const calibration = createCalibrationStore(labStore, (route) => (available.has(route) ? { kind: 'shipped', url: `http://lab/models/two_moons/${route}/` } : null), new LatestRunChannel(calibrationHost));
  const worker = workers[1]!;
  const requests = () => worker.sent.filter((m): m is CalibrateRequest => m.type === 'calibrate');
  const cancels = () => worker.sent.filter((m): m is CancelRequest => m.type === 'cancel');
  return { labStore, calibration, worker, requests, cancels };
}

describe('the calibration store (issue 20)', () => {
  it('should ask the worker for 𝒢 with the chosen size, simulator and seed, follow its progress, and keep the result', () => {
    const { calibration, worker, requests } = setup();
    const state = () => calibration.getState();
    state().setMisspecified(true);
    state().setEpsilon('0.3');
    state().setSize('quick');
    state().run();
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ taskId: 'two_moons', route: 'b-nle', betas: [0.1, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.3, 1.5], ...CALIBRATION_SIZES.quick, level: 0.9, epsilon: 0.3, seed: 4 });
    const runId = requests()[0]!.runId;
    expect(requests()[0]!.referenceCheck).toBe(true);
    worker.respond({ type: 'calibration-progress', runId, stage: 'network', done: 3, total: 9 });
    expect(state()).toMatchObject({ status: 'running', progress: { stage: 'network', done: 3, total: 9 } });
    const row = (beta: number, coverage: number) => ({ beta, curve: [coverage], coverage, low: coverage - 0.05, high: coverage + 0.05 });
    worker.respond({ type: 'calibration-result', runId, taskId: 'two_moons', route: 'b-nle', epsilon: 0.3, level: 0.9, levels: [0.9], numDataSets: 50, drawsPerDataSet: 200, perBeta: [row(0.3, 0.9), row(1, 0.62)], choice: { beta: 0.3, explanation: 'β = 0.3 is …' }, reference: null, backend: 'wasm', seconds: 4 });
    expect(state()).toMatchObject({ status: 'done', progress: null, error: null });
    expect(calibrationSentence(state().result!.perBeta, 0.9, 0.3, 50)).toBe('At β = 1 the 90 % regions held the truth in 62 % of these 50 data sets; at β = 0.3, in 90 %.');
  });

  it('should show the network’s curves while the reference check runs, and stop only the check when cancelled', () => {
    const { calibration, worker, requests, cancels } = setup();
    const state = () => calibration.getState();
    state().run();
    const runId = requests()[0]!.runId;
    const row = (beta: number, coverage: number) => ({ beta, curve: [coverage], coverage, low: coverage - 0.05, high: coverage + 0.05 });
    const result = { type: 'calibration-result' as const, runId, taskId: 'two_moons' as const, route: 'b-nle' as const, epsilon: null, level: 0.9, levels: [0.9], numDataSets: 200, drawsPerDataSet: 500, perBeta: [row(1, 0.88)], choice: { beta: 1, explanation: '…' }, backend: 'wasm', seconds: 4 };
    worker.respond({ ...result, reference: 'pending' });
    expect(state()).toMatchObject({ status: 'running', result: { reference: 'pending' } });
    worker.respond({ type: 'calibration-progress', runId, stage: 'reference', done: 7, total: 50 });
    expect(state().progress).toEqual({ stage: 'reference', done: 7, total: 50 });
    state().cancel();
    expect(cancels().map((cancel) => cancel.runId)).toEqual([runId]);
    expect(state()).toMatchObject({ status: 'done', progress: null, result: { reference: null, perBeta: [row(1, 0.88)] } });
    // Unchecked: the request says so; a finished check is kept with the result.
    state().setReferenceCheck(false);
    state().run();
    expect(requests()[1]!.referenceCheck).toBe(false);
    state().setReferenceCheck(true);
    state().run();
    const checked = { numDataSets: 50, drawsPerDataSet: 500, perBeta: [row(1, 0.9)], seconds: 3 };
    worker.respond({ ...result, runId: requests()[2]!.runId, reference: checked });
    expect(state()).toMatchObject({ status: 'done', result: { reference: checked } });
  });

  it('should refuse a bad ε with a note and keep the old one; cancel and forget on a new task; say when a route has no model', () => {
    const { labStore, calibration, requests, cancels } = setup();
    const state = () => calibration.getState();
    state().setEpsilon('1.2');
    expect(state()).toMatchObject({ epsilon: 0.5, error: 'ε: expected a contamination probability in [0, 1), got "1.2"' });
    state().run();
    expect(requests()).toHaveLength(1);
    labStore.getState().selectTask('gaussian_mixture');
    expect(cancels().map((cancel) => cancel.runId)).toEqual([requests()[0]!.runId]);
    // The new task's own default ε, and nothing held from the old one.
    expect(state()).toMatchObject({ status: 'idle', result: null, epsilon: 0.3 });
    state().setRoute('a');
    state().run();
    expect(state()).toMatchObject({ status: 'error', error: 'No model of route a for Gaussian Mixture (box ±1) yet: train one, or pick another route.' });
    expect(requests()).toHaveLength(1);
  });
});
