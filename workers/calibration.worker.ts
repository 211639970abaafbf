/// <reference lib="webworker" />
/**
 * The calibration worker (issue 20): coverage of one route's q(θ | x, β) on K simulated data sets
 * at every β, with its own backend and model, so the panels' worker stays free for the slider.
 */
import { chooseBackend } from '../src/nn/backend';
import { WASM_PATHS } from '../src/nn/wasm-paths';
import { parseLabRequest } from '../src/protocol/requests';
import { CalibrationSession } from '../src/sessions/calibration-session';

declare const self: DedicatedWorkerGlobalScope;

const session = new CalibrationSession(
  (response, transfer) => self.postMessage(response, transfer),
  () => chooseBackend({ wasmPaths: WASM_PATHS }),
);

self.onmessage = async (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    if (request.type === 'calibrate') await session.calibrate(request);
    else if (request.type === 'cancel') session.cancel(request.runId);
    else throw new Error(`calibration worker: expected a "calibrate" or "cancel" message, got "${request.type}"`);
  } catch (error) {
    self.postMessage({ type: 'error', runId: Number.isSafeInteger(runId) ? runId : -1, message: (error as Error).message });
  }
};
