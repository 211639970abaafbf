/// <reference lib="webworker" />
/**
 * The training worker: chooses the fastest TensorFlow.js backend on first use, then trains routes on
 * request with progress (phase, epoch, losses, ETA) and cancel. A finished model is saved in
 * this browser's IndexedDB (key "<task>/<route>") before the page hears of it, so a reload
 * keeps it; the result message still carries it (weights transferred).
 */
import { chooseBackend } from '../src/nn/backend';
import { saveModelToIndexedDb } from '../src/nn/model-storage';
import { WASM_PATHS } from '../src/nn/wasm-paths';
import type { LabResponse } from '../src/protocol/messages';
import { parseLabRequest } from '../src/protocol/requests';
import { TrainingSession } from '../src/sessions/training-session';

declare const self: DedicatedWorkerGlobalScope;

// Chosen on the first training request, so opening the page does not benchmark backends twice.
let ready: ReturnType<typeof chooseBackend> | null = null;
const modelKeys = new Map<number, string>();

const session = new TrainingSession(async (response: LabResponse, transfer: Transferable[]) => {
  if (response.type === 'train-result') {
    const key = modelKeys.get(response.runId);
    try {
      if (key) await saveModelToIndexedDb(key, { manifest: response.manifest, weights: response.weights });
    } catch (error) {
      self.postMessage({ type: 'error', runId: response.runId, message: `the trained model could not be saved: ${(error as Error).message}` });
      return;
    }
  }
  self.postMessage(response, transfer);
});

self.onmessage = async (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    if (request.type === 'cancel') session.cancel(request.runId);
    else if (request.type === 'train') {
      modelKeys.set(request.runId, `${request.taskId}/${request.route}`);
      ready ??= chooseBackend({ wasmPaths: WASM_PATHS });
      await ready;
      await session.start(request);
    } else throw new Error(`training worker: expected a "train" or "cancel" message, got "${request.type}"`);
  } catch (error) {
    self.postMessage({ type: 'error', runId: Number.isSafeInteger(runId) ? runId : -1, message: (error as Error).message });
  }
};
