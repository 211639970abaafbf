import { getTask } from '../benchmarks/registry';
import type { ReferenceLadderRequest, ReferenceRequest } from '../protocol/messages';
import { createLadderReferenceSampler, createReferenceSampler } from '../reference/create-reference-sampler';
import type { ReferenceSampler } from '../reference/sampler';
import { type StreamOptions, streamReferenceRun } from '../reference/stream-run';
import type { PostResponse } from './session';

/** Reports of a ladder run carry every rung (up to ~7 MB on SLCP): at most one a second. */
const LADDER_REPORT_MS = 1000;

/**
 * The reference worker's logic, free of any worker API so Node tests can drive it: one run
 * at a time, latest wins. A new request cancels the run before it; `cancel(runId)` stops that
 * run between two slices. Every partial and final batch of draws is a fresh copy, transferred.
 */
export class ReferenceSession {
  private current: { runId: number; cancelled: boolean } | null = null;

  constructor(
    private readonly post: PostResponse,
    private readonly timing: Pick<StreamOptions, 'sliceMs' | 'reportEveryMs' | 'now' | 'yieldToEventLoop'> = {},
  ) {}

  /**
   * Starts a run for `request` — one β, or (`reference-ladder`) one parallel-tempering run whose
   * kept chains are the page's ladder, every rung's draws sent with each report (at most once a
   * second: they are larger); resolves when it has finished, failed or been cancelled.
   */
  async start(request: ReferenceRequest | ReferenceLadderRequest): Promise<void> {
    if (this.current) this.current.cancelled = true;
    const run = { runId: request.runId, cancelled: false };
    this.current = run;
    const now = this.timing.now ?? (() => performance.now());
    const started = now();
    try {
      const task = getTask(request.taskId);
      const ladder = request.type === 'reference-ladder' ? createLadderReferenceSampler(task, request.x, request.betas, request.numDraws, request.seed) : null;
      const sampler = ladder ?? createReferenceSampler(task, request.x, (request as ReferenceRequest).beta, request.numDraws, request.seed);
      const ending = await streamReferenceRun(sampler, {
        ...this.timing,
        ...(ladder ? { reportEveryMs: Math.max(this.timing.reportEveryMs ?? 0, LADDER_REPORT_MS) } : {}),
        isCancelled: () => run.cancelled,
        onReport: (reporting: ReferenceSampler, isFinal: boolean) => {
          const seconds = (now() - started) / 1000;
          const diagnostics = isFinal ? reporting.diagnostics() : null;
          if (ladder) {
            const rungs = ladder.keptBetas().map((_, c) => ladder.samplesAt(c));
            const numKept = rungs[0]?.numRows ?? 0;
            const samples = new Float64Array(rungs.reduce((total, rung) => total + rung.data.length, 0));
            rungs.forEach((rung, c) => samples.set(rung.data, c * rung.data.length));
            this.post(
              { type: 'reference-ladder-progress', runId: run.runId, taskId: task.id, betas: (request as ReferenceLadderRequest).betas, samples, numKept, progress: reporting.progress(), isFinal, diagnostics, seconds },
              [samples.buffer],
            );
            return;
          }
          const samples = reporting.samples(); // a fresh copy: safe to transfer
          this.post(
            { type: 'reference-progress', runId: run.runId, samples: samples.data, numKept: samples.numRows, progress: reporting.progress(), isFinal, diagnostics, seconds },
            [samples.data.buffer],
          );
        },
      });
      if (ending === 'cancelled') this.post({ type: 'cancelled', runId: run.runId }, []);
    } catch (error) {
      this.post({ type: 'error', runId: run.runId, message: (error as Error).message }, []);
    } finally {
      if (this.current === run) this.current = null;
    }
  }

  /** Stops run `runId` if it is the one running. */
  cancel(runId: number): void {
    if (this.current?.runId === runId) this.current.cancelled = true;
  }
}
