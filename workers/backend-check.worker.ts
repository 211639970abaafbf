/// <reference lib="webworker" />
/** Runs the backend check (src/nn/backend-check.ts) inside a Web Worker and posts its rows. */
import type { BackendName } from '../src/nn/backend';
import { runBackendCheck, type TrainingBudget } from '../src/nn/backend-check';
import { WASM_PATHS } from '../src/nn/wasm-paths';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<{ backends: BackendName[]; budget: TrainingBudget }>) => {
  try {
    self.postMessage({ rows: await runBackendCheck(event.data.backends, WASM_PATHS, event.data.budget) });
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
  }
};
