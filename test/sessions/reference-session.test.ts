import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import type { LabResponse, ReferenceRequest } from '../../src/protocol/messages';
import { matrixFrom, type Matrix } from '../../src/core/matrix';
import { ReferenceSession } from '../../src/sessions/reference-session';
import type { ReferenceSampler } from '../../src/reference/sampler';
import type { ReferenceDiagnostics } from '../../src/protocol/payloads';
import { streamReferenceRun } from '../../src/reference/stream-run';

function request(runId: number, numDraws = 3000): ReferenceRequest {
  const task = getTask('lorenz96');
  return { type: 'reference', runId, taskId: 'lorenz96', x: [...task.observations[0]!.x], beta: 1, numDraws, seed: 1 };
}

describe('reference session', () => {
  it('should stream partial draws and end with the full diagnostics', async () => {
    const posted: LabResponse[] = [];
    await new ReferenceSession((response) => posted.push(response), { reportEveryMs: 0, sliceMs: 1 }).start(request(1));
    const progress = posted.filter((r) => r.type === 'reference-progress');
    expect(progress.length).toBeGreaterThan(1);
    const final = progress[progress.length - 1]!;
    if (final.type !== 'reference-progress') throw new Error('expected progress');
    expect(final.isFinal).toBe(true);
    expect(final.numKept).toBe(3000);
    expect(final.samples.length).toBe(3000 * 3);
    expect(final.diagnostics?.bulkEss).toHaveLength(3);
    expect(progress.slice(0, -1).every((r) => r.type === 'reference-progress' && !r.isFinal && r.diagnostics === null)).toBe(true);
  });

  it('should let a new request replace the running one (latest wins)', async () => {
    const posted: LabResponse[] = [];
    const session = new ReferenceSession((response) => posted.push(response));
    const first = session.start(request(1, 50_000));
    const second = session.start(request(2, 200));
    await Promise.all([first, second]);
    expect(posted.some((r) => r.type === 'cancelled' && r.runId === 1)).toBe(true);
    expect(posted.some((r) => r.type === 'reference-progress' && r.runId === 2 && r.isFinal)).toBe(true);
    expect(posted.some((r) => r.type === 'reference-progress' && r.runId === 1 && r.isFinal)).toBe(false);
  });

  it('should report a bad request as an error message, not throw', async () => {
    const posted: LabResponse[] = [];
    await new ReferenceSession((response) => posted.push(response)).start({ ...request(3), beta: 0 });
    expect(posted).toEqual([{ type: 'error', runId: 3, message: 'beta: expected a number in (0, 10], got 0' }]);
  });
});

/** A sampler whose every iteration costs `msPerIteration` on a fake clock. */
class SlowFakeSampler implements ReferenceSampler {
  private done = 0;
  constructor(
    private readonly clock: { time: number },
    private readonly msPerIteration: number,
    private readonly total: number,
  ) {}
  advance(numIterations: number): number {
    const ran = Math.min(numIterations, this.total - this.done);
    this.done += ran;
    this.clock.time += ran * this.msPerIteration;
    return ran;
  }
  get isDone() {
    return this.done >= this.total;
  }
  progress() {
    return this.done / this.total;
  }
  samples(): Matrix {
    return matrixFrom(new Float64Array(this.done), this.done, 1);
  }
  diagnostics(): ReferenceDiagnostics {
    throw new Error('not needed');
  }
}

describe('streamed reference runs (fake clock)', () => {
  it.each([0.01, 0.3, 7, 120])('should report at most 250 ms apart when an iteration costs %s ms', async (msPerIteration) => {
    const clock = { time: 0 };
    const reports: number[] = [0];
    const ending = await streamReferenceRun(new SlowFakeSampler(clock, msPerIteration, Math.ceil(5000 / msPerIteration)), {
      isCancelled: () => false,
      onReport: () => reports.push(clock.time),
      yieldToEventLoop: async () => {},
      now: () => clock.time,
    });
    expect(ending).toBe('done');
    // A single iteration longer than 250 ms cannot be split; otherwise the promise holds.
    const bound = Math.max(250, msPerIteration + 40);
    for (let k = 1; k < reports.length; k++) expect(reports[k]! - reports[k - 1]!).toBeLessThanOrEqual(bound);
  });

  it.each([0.01, 0.3, 7])('should notice a cancel within 250 ms when an iteration costs %s ms', async (msPerIteration) => {
    const clock = { time: 0 };
    let cancelAt = Number.POSITIVE_INFINITY;
    let yields = 0;
    const ending = await streamReferenceRun(new SlowFakeSampler(clock, msPerIteration, 1e9), {
      isCancelled: () => clock.time >= cancelAt,
      onReport: () => {},
      yieldToEventLoop: async () => {
        yields += 1;
        if (yields === 20) cancelAt = clock.time; // the cancel message arrives now
      },
      now: () => clock.time,
    });
    expect(ending).toBe('cancelled');
    expect(clock.time - cancelAt).toBeLessThanOrEqual(250);
  });
});
