import { getTask } from '../benchmarks/registry';
import type { LabResponse, ReferenceRequest } from '../protocol/messages';
import { createReferenceSampler } from './create-reference-sampler';
import type { ReferenceSampler } from './sampler';
import { type StreamOptions, streamReferenceRun } from './stream-run';

/** Sends a response out of the worker, with the buffers to transfer. */
export type PostResponse = (response: LabResponse, transfer: Transferable[]) => void;

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

  /** Starts a run for `request`; resolves when it has finished, failed or been cancelled. */
  async start(request: ReferenceRequest): Promise<void> {
    if (this.current) this.current.cancelled = true;
    const run = { runId: request.runId, cancelled: false };
    this.current = run;
    const now = this.timing.now ?? (() => performance.now());
    const started = now();
    try {
      const sampler = createReferenceSampler(getTask(request.taskId), request.x, request.beta, request.numDraws, request.seed);
      const ending = await streamReferenceRun(sampler, {
        ...this.timing,
        isCancelled: () => run.cancelled,
        onReport: (reporting: ReferenceSampler, isFinal: boolean) => {
          const samples = reporting.samples(); // a fresh copy: safe to transfer
          this.post(
            {
              type: 'reference-progress',
              runId: run.runId,
              samples: samples.data,
              numKept: samples.numRows,
              progress: reporting.progress(),
              isFinal,
              diagnostics: isFinal ? reporting.diagnostics() : null,
              seconds: (now() - started) / 1000,
            },
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
