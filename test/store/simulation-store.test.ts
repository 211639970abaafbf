import { describe, expect, it } from 'vitest';
import type { LabRequest } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { createLabStore, DEFAULT_STORE_OPTIONS } from '../../src/store/lab-store';
import { LatestRunChannel, WorkerHost } from '../../src/store/lab-worker-client';
import { createSimulationStore } from '../../src/store/simulation-store';
import { DEFAULT_URL_STATE } from '../../src/store/url-state';
import { FakeWorker } from '../helpers/fake-worker';

function setup() {
  const workers: FakeWorker[] = [];
  const simulation = new WorkerHost(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  const lab = createLabStore({ restartWorkers: () => simulation.restart() }, DEFAULT_URL_STATE, [], { ...DEFAULT_STORE_OPTIONS, restMs: 100 });
  const sim = createSimulationStore(lab, { priorPredictive: new LatestRunChannel(simulation), newObservation: new LatestRunChannel(simulation), oracleEss: new LatestRunChannel(simulation) });
  return { store: lab, sim, simulationWorker: () => workers[workers.length - 1]! };
}

describe('the simulation store (prior predictive, oracle ESS, new observations)', () => {
  it('should run every panel for the selection and drop a stale run’s late result (latest wins)', () => {
    const { store, sim, simulationWorker } = setup();
    store.getState().refreshAll();
    store.getState().setSeed(5);
    // Each channel cancels its own previous run: the prior predictive's and the oracle ESS's.
    expect(simulationWorker().sent.map((m) => m.type)).toEqual(['prior-predictive', 'oracle-ess', 'cancel', 'prior-predictive', 'cancel', 'oracle-ess']);
    const [first, second] = simulationWorker().sent.filter((m) => m.type === 'prior-predictive') as [LabRequest & { runId: number }, LabRequest & { runId: number }];
    simulationWorker().respond({ type: 'prior-predictive-result', runId: first.runId, taskId: 'two_moons', seed: 1, numDraws: 1, theta: new Float64Array(2), x: Float64Array.of(1, 1), seconds: 0 });
    expect(sim.getState().priorPredictive.version).toBe(0);
    simulationWorker().respond({ type: 'prior-predictive-result', runId: second.runId, taskId: 'two_moons', seed: 5, numDraws: 1, theta: new Float64Array(2), x: Float64Array.of(5, 5), seconds: 0 });
    expect(sim.getState().priorPredictive).toMatchObject({ status: 'done', version: 1 });
    expect(sim.getState().priorPredictive.samples?.x).toEqual(Float64Array.of(5, 5));
  });

  it("should ask for the oracle ESS curves of the task with the lab's seed, keep the latest, and say 'none' without a likelihood", () => {
    const { store, sim, simulationWorker } = setup();
    store.getState().refreshAll();
    const request = simulationWorker().sent.find((m) => m.type === 'oracle-ess') as LabRequest & { runId: number };
    expect(request).toMatchObject({ taskId: 'two_moons', numSimulations: 10_000, seed: 1 });
    expect(sim.getState().oracleEss.status).toBe('running');
    const curves = [{ route: 'b-oracle' as const, betas: [0.1, 1.5], essFraction: [0.03, 0.9] }];
    simulationWorker().respond({ type: 'oracle-ess-result', runId: request.runId, taskId: 'two_moons', numSimulations: 10_000, seed: 1, curves, seconds: 1 });
    expect(sim.getState().oracleEss).toMatchObject({ status: 'done', taskId: 'two_moons', curves });
    store.getState().selectTask('hodgkin_huxley');
    expect(sim.getState().oracleEss).toMatchObject({ status: 'none', taskId: 'hodgkin_huxley', curves: [] });
    // A late answer for the task before is not shown for this one.
    simulationWorker().respond({ type: 'oracle-ess-result', runId: request.runId, taskId: 'two_moons', numSimulations: 10_000, seed: 1, curves, seconds: 1 });
    expect(sim.getState().oracleEss.status).toBe('none');
  });

  it('should turn a simulated observation into the selection, with its true θ', () => {
    const { store, sim, simulationWorker } = setup();
    sim.getState().simulateObservation();
    const request = simulationWorker().last('prior-predictive') as { runId: number; numDraws: number };
    expect(request.numDraws).toBe(1);
    simulationWorker().respond({ type: 'prior-predictive-result', runId: request.runId, taskId: 'two_moons', seed: 1, numDraws: 1, theta: Float64Array.of(0.1, 0.2), x: Float64Array.of(0.3, 0.4), seconds: 0 });
    expect(store.getState().observation).toEqual({ kind: 'custom', x: [0.3, 0.4], theta: [0.1, 0.2] });
  });

  it('should make a recorded trace the observation via the worker, and keep the old one with a note when it fails', async () => {
    const { store, sim, simulationWorker } = setup();
    const csv = (text: string) => ({ name: 'cell.csv', size: text.length, text: () => Promise.resolve(text) });
    await sim.getState().loadRecordedTrace(csv('time,voltage\n0,-70\n0.01,-70\n'));
    expect(store.getState().notes.map((note) => note.id)).toContain('trace');
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toMatch(/whose data are traces \(Hodgkin–Huxley\), not of Two Moons/);
    store.getState().selectTask('hodgkin_huxley');
    await sim.getState().loadRecordedTrace({ name: 'huge.csv', size: 3e7, text: () => Promise.reject(new Error('not read')) });
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toMatch(/huge\.csv: expected a CSV file of at most 20 MB, got 30\.0 MB/);
    expect(simulationWorker().last('recorded-trace')).toBeUndefined();

    await sim.getState().loadRecordedTrace(csv('time,voltage\n0,-70\n0.01,-70\n'));
    const failed = simulationWorker().last('recorded-trace') as { runId: number; name: string; text: string; taskId: string };
    expect(failed).toMatchObject({ taskId: 'hodgkin_huxley', name: 'cell.csv', text: 'time,voltage\n0,-70\n0.01,-70\n' });
    expect(parseLabRequest(failed)).toEqual(failed);
    simulationWorker().respond({ type: 'error', runId: failed.runId, message: 'cell.csv: expected at least 11000 samples' });
    expect(store.getState().observation).toEqual({ kind: 'fixed', index: 0 });
    expect(store.getState().notes.find((note) => note.id === 'trace')?.text).toBe('Could not use the recorded trace: cell.csv: expected at least 11000 samples');

    await sim.getState().loadRecordedTrace(csv('a good one'));
    const request = simulationWorker().last('recorded-trace') as { runId: number };
    const x = Float64Array.of(3, -70, 0.1, -60, 40, 2, 8);
    simulationWorker().respond({ type: 'recorded-trace-result', runId: request.runId, taskId: 'hodgkin_huxley', name: 'cell.csv', x, voltage: Float64Array.of(-70, -69), dt: 0.04, seconds: 0 });
    expect(store.getState().observation).toEqual({ kind: 'recorded', name: 'cell.csv', x: [...x], trace: { dt: 0.04, voltage: [-70, -69] } });
    expect(store.getState().notes.some((note) => note.id === 'trace')).toBe(false);
  });
});
