/// <reference lib="webworker" />
/** Scores some folds of a C2ST problem (src/metrics/c2st.ts) for the lab worker, in parallel with its siblings. */
import { type C2stProblem, scoreC2stFold } from '../src/metrics/c2st';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<{ problem: C2stProblem; foldIndices: number[] }>) => {
  try {
    const { problem, foldIndices } = event.data;
    self.postMessage({ results: foldIndices.map((k) => ({ k, result: scoreC2stFold(problem, k) })) });
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
  }
};
