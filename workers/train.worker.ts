/// <reference lib="webworker" />
/**
 * The training worker: chooses the fastest TensorFlow.js backend once, then trains routes on
 * request with progress (phase, epoch, losses, ETA) and cancel, posting the saved model.
 */
import { chooseBackend } from '../src/nn/backend';
import { WASM_PATHS } from '../src/nn/wasm-paths';
import { parseLabRequest } from '../src/protocol/parse-request';
import { TrainingSession } from '../src/routes/training-session';

declare const self: DedicatedWorkerGlobalScope;

const ready = chooseBackend({ wasmPaths: WASM_PATHS });
const session = new TrainingSession((response, transfer) => self.postMessage(response, transfer));

self.onmessage = async (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    if (request.type === 'cancel') session.cancel(request.runId);
    else if (request.type === 'train') {
      await ready;
      await session.start(request);
    } else throw new Error(`training worker: expected a "train" or "cancel" message, got "${request.type}"`);
  } catch (error) {
    self.postMessage({ type: 'error', runId: Number.isSafeInteger(runId) ? runId : -1, message: (error as Error).message });
  }
};
