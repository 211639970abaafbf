/// <reference lib="webworker" />
/**
 * The posterior worker: chooses the fastest TensorFlow.js backend (or the one the page asks
 * for), loads the amortized posteriors (shipped files or IndexedDB) and answers each
 * (route, x, β) with transferred draws of q(θ | x, β) — one forward pass per request.
 */
import { chooseBackend } from '../src/nn/backend';
import { WASM_PATHS } from '../src/nn/wasm-paths';
import { parseLabRequest } from '../src/protocol/requests';
import { PosteriorSession } from '../src/sessions/posterior-session';

declare const self: DedicatedWorkerGlobalScope;

const session = new PosteriorSession(
  (response, transfer) => self.postMessage(response, transfer),
  // A report the page remembered from an earlier visit skips the benchmark if its backend still works.
  (override, remembered) => chooseBackend({ wasmPaths: WASM_PATHS, ...(override ? { override } : {}), cache: { get: () => remembered ?? null, set: () => undefined } }),
);

self.onmessage = async (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    if (request.type === 'posterior-sample') await session.sample(request);
    else if (request.type === 'posterior-ladder') await session.ladder(request);
    else if (request.type === 'posterior-refine') await session.refine(request);
    else if (request.type === 'posterior-predictive') await session.predictive(request);
    else if (request.type === 'backend') await session.setBackend(request.runId, request.override, request.remembered);
    else if (request.type === 'cancel') session.cancel(request.runId);
    else throw new Error(`posterior worker: expected a "posterior-sample", "posterior-refine", "posterior-ladder", "posterior-predictive", "backend" or "cancel" message, got "${request.type}"`);
  } catch (error) {
    self.postMessage({ type: 'error', runId: Number.isSafeInteger(runId) ? runId : -1, message: (error as Error).message });
  }
};
