import type { ReferenceSampler } from './sampler';

/** Timing of a streamed run; the defaults meet the page's promises (DESIGN.md §6). */
export interface StreamOptions {
  /** Longest a slice of work may run before the run yields (to hear a cancel), ms. */
  readonly sliceMs?: number;
  /** Longest gap between two partial reports, ms. */
  readonly reportEveryMs?: number;
  /** True once the run should stop; polled between slices. */
  readonly isCancelled: () => boolean;
  /** Receives the sampler after each report-worthy slice, and once more when it finishes. */
  readonly onReport: (sampler: ReferenceSampler, isFinal: boolean) => void;
  /** Lets the event loop run between slices (a cancel message can only arrive then). */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** The clock (tests pass a fake one). */
  readonly now?: () => number;
}

/**
 * Runs a reference sampler in time slices: each slice runs as many iterations as fit in
 * `sliceMs` (the count adapts to the measured speed), reports at least every
 * `reportEveryMs`, and yields to the event loop between slices so that a cancel is noticed
 * within about one slice. Resolves to how the run ended.
 */
export async function streamReferenceRun(sampler: ReferenceSampler, options: StreamOptions): Promise<'done' | 'cancelled'> {
  const sliceMs = options.sliceMs ?? 40;
  const reportEveryMs = options.reportEveryMs ?? 200;
  const now = options.now ?? (() => performance.now());
  const yieldToEventLoop = options.yieldToEventLoop ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  let iterationsPerSlice = 1;
  let lastReport = now();
  while (!sampler.isDone) {
    if (options.isCancelled()) return 'cancelled';
    const start = now();
    const ran = sampler.advance(iterationsPerSlice);
    const elapsed = now() - start;
    // Aim the next slice at sliceMs: grow fast while slices are short, shrink when long.
    const perIteration = elapsed / Math.max(ran, 1);
    iterationsPerSlice = Math.max(1, Math.floor(perIteration > 0 ? Math.min(iterationsPerSlice * 4, sliceMs / perIteration) : iterationsPerSlice * 4));
    if (!sampler.isDone && now() - lastReport >= reportEveryMs - sliceMs) {
      options.onReport(sampler, false);
      lastReport = now();
    }
    await yieldToEventLoop();
  }
  if (options.isCancelled()) return 'cancelled';
  options.onReport(sampler, true);
  return 'done';
}
