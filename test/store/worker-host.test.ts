import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabResponse } from '../../src/protocol/messages';
import { LatestRunChannel, lazyWorker, WorkerHost } from '../../src/store/lab-worker-client';
import { FakeWorker } from '../helpers/fake-worker';

function setup(options: { maxRestarts?: number } = {}) {
  const workers: FakeWorker[] = [];
  const host = new WorkerHost(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    { name: 'test', ...options },
  );
  const channel = new LatestRunChannel(host);
  const heard: LabResponse[] = [];
  channel.onResponse((response) => heard.push(response));
  const startPriorPredictive = () => channel.start((runId) => ({ type: 'prior-predictive', runId, taskId: 'two_moons', numDraws: 10, seed: 1 }));
  return { host, channel, heard, workers, current: () => workers[workers.length - 1]!, startPriorPredictive };
}

const result = (runId: number): LabResponse => ({ type: 'prior-predictive-result', runId, taskId: 'two_moons', seed: 1, numDraws: 1, theta: new Float64Array(2), x: new Float64Array(2), seconds: 0 });

describe('WorkerHost: a worker that dies is noticed and restarted', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should report a crash to the run in flight, restart after a backoff, and send the run again', () => {
    const { heard, workers, current, startPriorPredictive } = setup();
    const runId = startPriorPredictive();
    current().crash('out of memory');
    expect(heard).toEqual([{ type: 'error', runId, message: 'the test worker stopped (out of memory); restarting it (attempt 1 of 3)' }]);
    expect(workers[0]!.terminated).toBe(true);
    vi.advanceTimersByTime(249);
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(workers).toHaveLength(2);
    expect(current().last('prior-predictive')).toMatchObject({ runId });
    current().respond(result(runId));
    expect(heard.at(-1)).toMatchObject({ type: 'prior-predictive-result', runId });
  });

  it('should run the set-up of a fresh worker first, then send the runs in flight once each', () => {
    const { host, channel, current, startPriorPredictive } = setup();
    const backend = new LatestRunChannel(host);
    backend.onResponse(() => undefined);
    host.onRestart(() => backend.start((runId) => ({ type: 'backend', runId, override: null, remembered: null })));
    backend.start((runId) => ({ type: 'backend', runId, override: null, remembered: null }));
    const runId = startPriorPredictive();
    current().crash('boom');
    vi.advanceTimersByTime(250);
    // The remembered backend first (so the worker does not measure every backend again), then the draws.
    const sent = current().sent.filter((message) => message.type !== 'cancel');
    expect(sent.map((message) => message.type)).toEqual(['backend', 'prior-predictive']);
    expect(sent[1]).toMatchObject({ runId });
    expect(channel.pendingRunId()).toBe(runId);
  });

  it('should back off 250 ms, 1 s, 4 s, then stay down and answer every request at once until Retry', async () => {
    const { host, heard, workers, current, startPriorPredictive } = setup();
    startPriorPredictive();
    for (const wait of [250, 1000, 4000]) {
      current().crash('boom');
      vi.advanceTimersByTime(wait - 1);
      const before = workers.length;
      vi.advanceTimersByTime(1);
      expect(workers.length).toBe(before + 1);
    }
    current().crash('boom');
    expect(host.state).toBe('down');
    expect(heard.at(-1)).toMatchObject({ type: 'error', message: 'the test worker stopped 4 times in a row (last: boom); press Retry to start it again' });
    vi.advanceTimersByTime(60_000);
    expect(workers).toHaveLength(4);
    const next = startPriorPredictive();
    await Promise.resolve();
    expect(heard.at(-1)).toEqual({ type: 'error', runId: next, message: expect.stringMatching(/press Retry/) });
    host.restart();
    expect(host.state).toBe('running');
    expect(workers).toHaveLength(5);
    const again = startPriorPredictive();
    expect(current().last('prior-predictive')).toMatchObject({ runId: again });
  });

  it('should count crashes in a row only: a good answer resets the count', () => {
    const { host, current, startPriorPredictive } = setup({ maxRestarts: 1 });
    for (let i = 0; i < 3; i += 1) {
      const runId = startPriorPredictive();
      current().crash('flaky');
      vi.advanceTimersByTime(250);
      current().respond(result(runId));
    }
    expect(host.state).toBe('running');
  });

  it('should take a worker that says nothing within the request kind\'s time for dead (progress is its heartbeat)', () => {
    const { heard, workers, current, channel } = setup();
    const runId = channel.start((id) => ({ type: 'reference', runId: id, taskId: 'two_moons', x: [0, 0], beta: 1, numDraws: 100, seed: 1 }));
    for (let second = 0; second < 100; second += 10) {
      vi.advanceTimersByTime(10_000);
      current().respond({ type: 'reference-progress', runId, samples: new Float64Array(0), numKept: 0, progress: 0.1, isFinal: false, diagnostics: null, seconds: 1 });
    }
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(61_000);
    expect(heard.at(-1)).toEqual({ type: 'error', runId, message: 'the test worker stopped (no answer to a reference request within 60 s); restarting it (attempt 1 of 3)' });
  });

  it('should turn a malformed answer into an error for its run, never pass it on', () => {
    const { heard, current, startPriorPredictive } = setup();
    const runId = startPriorPredictive();
    current().respond({ type: 'prior-predictive-result', runId, taskId: 'two_moons', seed: 1, numDraws: 3, theta: new Float64Array(4), x: new Float64Array(6), seconds: 0 });
    expect(heard).toEqual([{ type: 'error', runId, message: "test worker's message: theta: expected whole rows of numDraws = 3, got 4 values" }]);
    current().respond({ type: 'posterior-sample-result', runId, card: { task: '<b>x</b>' } } as unknown as LabResponse);
    expect(heard.at(-1)).toMatchObject({ type: 'error', runId, message: expect.stringMatching(/^test worker's message: /) });
  });

  it('should not send again a run whose arrays were transferred to the dead worker, and say so', () => {
    const { heard, channel, current } = setup();
    const runId = channel.start((id) => ({ type: 'two-sample', runId: id, reference: new Float64Array(4), candidate: new Float64Array(4), dim: 2, seed: 1 }), [new ArrayBuffer(8)]);
    current().crash('boom');
    vi.advanceTimersByTime(250);
    expect(current().sent).toHaveLength(0);
    expect(heard.at(-1)).toEqual({ type: 'error', runId, message: expect.stringMatching(/could not be sent again .* press Retry/) });
  });
});

describe('lazyWorker', () => {
  it('should make no worker until the first message, then deliver to listeners added before', () => {
    const made: FakeWorker[] = [];
    const host = new WorkerHost(() =>
      lazyWorker(() => {
        const worker = new FakeWorker();
        made.push(worker);
        return worker;
      }),
    );
    const channel = new LatestRunChannel(host);
    const heard: LabResponse[] = [];
    channel.onResponse((response) => heard.push(response));
    expect(made).toHaveLength(0);
    const runId = channel.start((id) => ({ type: 'cancel', runId: id }) as never);
    expect(made).toHaveLength(1);
    made[0]!.respond({ type: 'cancelled', runId });
    expect(heard).toEqual([{ type: 'cancelled', runId }]);
  });
});
