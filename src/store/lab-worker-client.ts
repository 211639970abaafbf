import type { LabRequest, LabResponse } from '../protocol/messages';

/** What the store needs from a worker: post a message, hear responses. Tests pass a fake. */
export interface WorkerPort {
  postMessage(message: LabRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<LabResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

/**
 * Runs one kind of request at a time on a worker, latest wins: starting a run cancels the one
 * before it, and a response whose run id is not the latest is dropped.
 */
export class LatestRunChannel {
  private latestRunId = 0;
  private listener: ((response: LabResponse) => void) | null = null;

  constructor(private readonly port: WorkerPort) {
    port.addEventListener('message', (event) => {
      if (event.data.runId !== this.latestRunId) return; // stale: a newer run was started
      this.listener?.(event.data);
    });
    port.addEventListener('error', (event) => {
      this.listener?.({ type: 'error', runId: this.latestRunId, message: `worker crashed: ${event.message}` });
    });
  }

  /** Sets the one function that receives the latest run's responses. */
  onResponse(listener: (response: LabResponse) => void): void {
    this.listener = listener;
  }

  /** Cancels the previous run and starts a new one; returns its run id. */
  start(makeRequest: (runId: number) => LabRequest): number {
    if (this.latestRunId > 0) this.port.postMessage({ type: 'cancel', runId: this.latestRunId });
    this.latestRunId += 1;
    this.port.postMessage(makeRequest(this.latestRunId));
    return this.latestRunId;
  }
}
