import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLabStore, DEFAULT_STORE_OPTIONS, type LabChannels } from '../../src/store/lab-store';
import { WorkerHost } from '../../src/store/lab-worker-client';
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
  const channels: LabChannels = { restartWorkers: () => simulation.restart() };
  const store = createLabStore(channels, DEFAULT_URL_STATE, [], { ...DEFAULT_STORE_OPTIONS, restMs: 100, ...options });
  return { store, workers };
}

describe('lab store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
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

  it('should refuse a seed that is not an integer', () => {
    const { store } = setup();
    expect(() => store.getState().setSeed(1.5)).toThrow(/seed: expected a safe integer, got 1.5/);
  });
});
