/// <reference lib="webworker" />
/**
 * The reference worker: runs a task's reference sampler for (observation, β, seed) in time
 * slices, streams partial draws at least every 250 ms, and stops within a slice of a cancel.
 */
import { parseLabRequest } from '../src/protocol/requests';
import { ReferenceSession } from '../src/sessions/reference-session';

declare const self: DedicatedWorkerGlobalScope;

const session = new ReferenceSession((response, transfer) => self.postMessage(response, transfer));

self.onmessage = (event: MessageEvent<unknown>) => {
  const runId = (event.data as { runId?: unknown } | null)?.runId;
  try {
    const request = parseLabRequest(event.data);
    if (request.type === 'cancel') session.cancel(request.runId);
    else if (request.type === 'reference' || request.type === 'reference-ladder') void session.start(request);
    else throw new Error(`reference worker: expected a "reference", "reference-ladder" or "cancel" message, got "${request.type}"`);
  } catch (error) {
    self.postMessage({ type: 'error', runId: Number.isSafeInteger(runId) ? runId : -1, message: (error as Error).message });
  }
};
