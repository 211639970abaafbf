import { describe, expect, it } from 'vitest';
import type { LabRequest, LabResponse } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/parse-request';
import { createLabStore } from '../../src/store/lab-store';
import { LatestRunChannel, type WorkerPort } from '../../src/store/lab-worker-client';
import { getPriorPredictiveSamples } from '../../src/store/sample-buffers';

/** A worker stand-in that records requests and lets the test answer them in any order. */
class FakeWorker implements WorkerPort {
  readonly sent: LabRequest[] = [];
  private messageListeners: ((event: MessageEvent<LabResponse>) => void)[] = [];
  private errorListeners: ((event: ErrorEvent) => void)[] = [];

  postMessage(message: LabRequest): void {
    this.sent.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.messageListeners.push(listener);
    else this.errorListeners.push(listener);
  }
  respond(response: LabResponse): void {
    for (const listener of this.messageListeners) listener({ data: response } as MessageEvent<LabResponse>);
  }
  crash(message: string): void {
    for (const listener of this.errorListeners) listener({ message } as ErrorEvent);
  }
}

function result(runId: number, seed: number): LabResponse {
  return {
    type: 'prior-predictive-result',
    runId,
    taskId: 'two_moons',
    seed,
    numDraws: 1,
    theta: Float64Array.of(0.1, 0.2),
    x: Float64Array.of(seed, seed),
    seconds: 0.01,
  };
}

describe('lab store', () => {
  it('should cancel the previous run and drop its late result (latest wins)', () => {
    const worker = new FakeWorker();
    const store = createLabStore(new LatestRunChannel(worker), () => 1);
    store.getState().refreshPriorPredictive();
    store.getState().setSeed(5);
    expect(worker.sent.map((m) => m.type)).toEqual(['prior-predictive', 'cancel', 'prior-predictive']);
    expect(worker.sent[1]).toEqual({ type: 'cancel', runId: 1 });
    expect(store.getState().priorPredictive.status).toBe('running');

    worker.respond(result(1, 1)); // stale
    expect(store.getState().priorPredictive.status).toBe('running');
    expect(store.getState().priorPredictive.version).toBe(0);

    worker.respond(result(2, 5));
    expect(store.getState().priorPredictive).toMatchObject({ status: 'done', version: 1 });
    expect(getPriorPredictiveSamples()?.x).toEqual(Float64Array.of(5, 5));
  });

  it('should show a worker error or crash on the panel', () => {
    const worker = new FakeWorker();
    const store = createLabStore(new LatestRunChannel(worker), () => 1);
    store.getState().refreshPriorPredictive();
    worker.respond({ type: 'error', runId: 1, message: 'numDraws: expected …' });
    expect(store.getState().priorPredictive).toMatchObject({ status: 'error', error: 'numDraws: expected …' });
    store.getState().refreshPriorPredictive();
    worker.crash('out of memory');
    expect(store.getState().priorPredictive.error).toMatch(/worker crashed: out of memory/);
  });

  it('should refuse a seed that is not an integer', () => {
    const store = createLabStore(new LatestRunChannel(new FakeWorker()), () => 1);
    expect(() => store.getState().setSeed(1.5)).toThrow(/seed: expected a safe integer, got 1.5/);
  });
});

describe('worker message parsing', () => {
  it('should accept well-formed requests', () => {
    expect(parseLabRequest({ type: 'cancel', runId: 3 })).toEqual({ type: 'cancel', runId: 3 });
    const request = { type: 'prior-predictive', runId: 1, taskId: 'slcp', numDraws: 10, seed: -4 };
    expect(parseLabRequest(request)).toEqual(request);
  });

  it.each([
    [null, /expected an object with a "type", got null/],
    [{ type: 'cancel' }, /expected an integer runId, got undefined/],
    [{ type: 'train', runId: 1 }, /expected type "prior-predictive", "reference", "two-sample" or "cancel", got "train"/],
    [{ type: 'prior-predictive', runId: 1, taskId: 'moons', numDraws: 1, seed: 1 }, /taskId: expected one of .* got "moons"/],
    [{ type: 'prior-predictive', runId: 1, taskId: 'slcp', numDraws: 0, seed: 1 }, /numDraws: expected an integer in \[1, 100000\], got 0/],
    [{ type: "prior-predictive", runId: 1, taskId: "slcp", numDraws: 5, seed: "a" }, /seed: expected a safe integer, got "a"/],
  ])('should reject %j with a clear error', (message, error) => {
    expect(() => parseLabRequest(message)).toThrow(error);
  });
});
