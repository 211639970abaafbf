import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Matrix } from '../src/core/matrix';
import { type C2stFoldResult, type C2stOptions, type C2stResult, combineC2stFolds, prepareC2st } from '../src/metrics/c2st';

/**
 * C2ST with its folds spread over worker threads (one per core by default): the same numbers
 * as `c2st`, since every fold has its own seeded stream.
 */
export async function c2stOnThreads(
  reference: Matrix,
  candidate: Matrix,
  options: C2stOptions,
  numThreads = availableParallelism(),
): Promise<C2stResult> {
  const start = performance.now();
  const problem = prepareC2st(reference, candidate, options);
  const numWorkers = Math.max(1, Math.min(numThreads, problem.folds.length));
  const results: C2stFoldResult[] = new Array(problem.folds.length);
  await Promise.all(
    Array.from({ length: numWorkers }, (_, t) => {
      const foldIndices = problem.folds.map((_, k) => k).filter((k) => k % numWorkers === t);
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./threads/tsx-bootstrap.mjs', import.meta.url), {
          workerData: { entry: new URL('./threads/c2st-fold.thread.ts', import.meta.url).href, problem, foldIndices },
        });
        worker.once('message', (scored: { k: number; result: C2stFoldResult }[]) => {
          for (const { k, result } of scored) results[k] = result;
          void worker.terminate();
          resolve();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0 && code !== 1) reject(new Error(`c2st thread: expected a clean exit, got code ${code}`));
        });
      });
    }),
  );
  return combineC2stFolds(problem, results, (performance.now() - start) / 1000);
}
