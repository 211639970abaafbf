import type { LabRequest, LabResponse } from '../protocol/messages';

/** What the store needs from a worker: post a message, hear responses, stop it. Tests pass a fake. */
export interface WorkerPort {
  postMessage(message: LabRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<LabResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/**
 * One worker, shared by several channels: it hands out run ids that are unique across them,
 * forwards every response to every channel (each keeps only its own latest run), turns a
 * crash into an error for the channels with a run in flight, and can be restarted.
 */
export class WorkerHost {
  private port: WorkerPort;
  private nextRunId = 0;
  private readonly channels = new Set<LatestRunChannel>();

  constructor(private readonly connect: () => WorkerPort) {
    this.port = this.attach();
  }

  private attach(): WorkerPort {
    const port = this.connect();
    port.addEventListener('message', (event) => {
      for (const channel of this.channels) channel.receive(event.data);
    });
    port.addEventListener('error', (event) => {
      for (const channel of this.channels) channel.crashed(`worker crashed: ${event.message || 'unknown error'}`);
    });
    return port;
  }

  register(channel: LatestRunChannel): void {
    this.channels.add(channel);
  }

  takeRunId(): number {
    this.nextRunId += 1;
    return this.nextRunId;
  }

  post(message: LabRequest, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** Replaces the worker with a fresh one (after a crash); runs in flight are dropped. */
  restart(): void {
    this.port.terminate();
    this.port = this.attach();
  }
}

/**
 * Runs one kind of request at a time, latest wins: starting a run cancels the one before it,
 * and a response whose run id is not the latest is dropped.
 */
export class LatestRunChannel {
  private latestRunId = 0;
  private inFlight = false;
  private listener: ((response: LabResponse) => void) | null = null;

  constructor(private readonly host: WorkerHost) {
    host.register(this);
  }

  /** Sets the one function that receives the latest run's responses. */
  onResponse(listener: (response: LabResponse) => void): void {
    this.listener = listener;
  }

  /** Cancels the previous run and starts a new one; returns its run id. */
  start(makeRequest: (runId: number) => LabRequest, transfer: Transferable[] = []): number {
    this.cancel();
    this.latestRunId = this.host.takeRunId();
    this.inFlight = true;
    this.host.post(makeRequest(this.latestRunId), transfer);
    return this.latestRunId;
  }

  /** Cancels the latest run, if one is in flight; its later responses are still delivered until the worker confirms. */
  cancel(): void {
    if (this.inFlight) this.host.post({ type: 'cancel', runId: this.latestRunId });
  }

  /** Called by the host with every response of the worker. */
  receive(response: LabResponse): void {
    if (response.runId !== this.latestRunId) return; // stale: a newer run was started
    // Progress reports leave the run in flight (so it can still be cancelled); anything else ends it.
    const progress = (response.type === 'reference-progress' && !response.isFinal) || response.type === 'train-progress';
    if (!progress) this.inFlight = false;
    this.listener?.(response);
  }

  /** Called by the host when the worker died. */
  crashed(message: string): void {
    if (!this.inFlight) return;
    this.inFlight = false;
    this.listener?.({ type: 'error', runId: this.latestRunId, message });
  }
}
