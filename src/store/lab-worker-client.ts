import type { LabRequest, LabResponse } from '../protocol/messages';
import { parseLabResponse } from '../protocol/responses';

/** What the store needs from a worker: post a message, hear responses and failures, stop it. Tests pass a fake. */
export interface WorkerPort {
  postMessage(message: LabRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/**
 * How long a request may go without a word from its worker before the worker is taken for dead
 * (ms). Any message from the worker counts: long jobs stream progress (reference runs every
 * ≤ 1 s, training every epoch), which is their heartbeat. Generous: a slow machine is not a crash.
 */
export const ANSWER_TIMEOUT_MS: Readonly<Record<Exclude<LabRequest['type'], 'cancel'>, number>> = {
  'prior-predictive': 60_000,
  'recorded-trace': 60_000,
  'oracle-ess': 60_000,
  reference: 60_000,
  'reference-ladder': 120_000,
  grid: 120_000,
  'grid-ladder': 120_000,
  'posterior-sample': 120_000,
  'posterior-refine': 300_000,
  // Progress after every β (a few seconds each, 9 per run) is its heartbeat.
  calibrate: 300_000,
  'posterior-ladder': 120_000,
  'posterior-predictive': 300_000,
  train: 300_000,
  backend: 300_000,
  'two-sample': 600_000,
};

export interface WorkerHostOptions {
  /** The worker's name in messages ("posterior", "reference", …). */
  readonly name: string;
  /** Restarts after crashes in a row (a good answer resets the count); then the host is down until `restart()`. */
  readonly maxRestarts?: number;
  /** Wait before restart k (1-based), ms: 250, 1 000, 4 000 by default. */
  readonly backoffMs?: (attempt: number) => number;
  readonly timeoutsMs?: Partial<typeof ANSWER_TIMEOUT_MS>;
}

/**
 * One worker, shared by several channels: it hands out run ids that are unique across them,
 * reads every response through its schema and forwards it to every channel (each keeps only its
 * own latest run), and supervises the worker. A crash — an error event, a message that cannot be
 * read, or no word within a request's time — is reported to every channel with a run in flight;
 * the worker is restarted after a backoff (a bounded number of times in a row) and each of those
 * runs is sent again. When the restarts are used up the host is down: every request is answered
 * at once with the reason, until `restart()` (the page's Retry) starts afresh.
 */
export class WorkerHost {
  private port: WorkerPort | null = null;
  private nextRunId = 0;
  private readonly channels = new Set<LatestRunChannel>();
  private crashesInARow = 0;
  private down: string | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private readonly name: string;
  private readonly maxRestarts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly timeouts: typeof ANSWER_TIMEOUT_MS;
  private readonly started = new Set<() => void>();

  constructor(
    private readonly connect: () => WorkerPort,
    options: WorkerHostOptions = { name: 'lab' },
  ) {
    this.name = options.name;
    this.maxRestarts = options.maxRestarts ?? 3;
    this.backoffMs = options.backoffMs ?? ((attempt) => 250 * 4 ** (attempt - 1));
    this.timeouts = { ...ANSWER_TIMEOUT_MS, ...options.timeoutsMs };
    this.port = this.attach();
  }

  private attach(): WorkerPort {
    const port = this.connect();
    this.lastHeard = Date.now();
    port.addEventListener('message', (event) => {
      if (port !== this.port) return; // a message from a worker already replaced
      this.lastHeard = Date.now();
      let response: LabResponse;
      try {
        response = parseLabResponse(event.data, this.name);
      } catch (error) {
        // A malformed answer is never drawn: its run fails with the reason.
        const runId = (event.data as { runId?: unknown } | null)?.runId;
        response = { type: 'error', runId: Number.isSafeInteger(runId) ? (runId as number) : -1, message: (error as Error).message };
      }
      if (response.type !== 'error') this.crashesInARow = 0;
      for (const channel of this.channels) channel.receive(response);
    });
    port.addEventListener('error', (event) => {
      if (port === this.port) this.crashed((event as ErrorEvent).message || 'it failed to load or threw an uncaught error');
    });
    port.addEventListener('messageerror', () => {
      if (port === this.port) this.crashed('a message it sent could not be read');
    });
    return port;
  }

  register(channel: LatestRunChannel): void {
    this.channels.add(channel);
  }

  /**
   * Runs `setUp` each time a fresh worker replaces a dead one, before the runs in flight are sent
   * again: what a worker needs first (the posterior worker's remembered backend, so it does not
   * measure every backend again before it can draw).
   */
  onRestart(setUp: () => void): void {
    this.started.add(setUp);
  }

  takeRunId(): number {
    this.nextRunId += 1;
    return this.nextRunId;
  }

  /** Sends a request (or, when the host is down, answers it at once with the reason). */
  post(message: LabRequest, transfer: Transferable[] = []): void {
    if (this.down !== null) {
      if (message.type !== 'cancel') queueMicrotask(() => this.failChannelsOf(message.runId, this.down!));
      return;
    }
    if (!this.port) return; // restarting: the channel's run is sent again when the worker is back
    this.port.postMessage(message, transfer);
    if (message.type !== 'cancel') this.watch();
  }

  /** Replaces the worker with a fresh one (the page's Retry): restart counts start again, and runs in flight are sent again. */
  restart(): void {
    this.stopTimers();
    this.port?.terminate();
    this.crashesInARow = 0;
    this.down = null;
    this.port = this.attach();
    this.resume();
  }

  /** Ends the worker as a crash would (for tests: not reachable from the URL or the page). */
  kill(reason = 'killed by a test'): void {
    this.crashed(reason);
  }

  /** Whether the worker runs, is being restarted, or is down until `restart()` (for tests and status lines). */
  get state(): 'running' | 'restarting' | 'down' {
    return this.down !== null ? 'down' : this.port ? 'running' : 'restarting';
  }

  private crashed(reason: string): void {
    this.stopTimers();
    this.port?.terminate();
    this.port = null;
    this.crashesInARow += 1;
    const attempt = this.crashesInARow;
    if (attempt > this.maxRestarts) {
      this.down = `the ${this.name} worker stopped ${attempt} times in a row (last: ${reason}); press Retry to start it again`;
      for (const channel of this.channels) channel.crashed(this.down);
      return;
    }
    const message = `the ${this.name} worker stopped (${reason}); restarting it (attempt ${attempt} of ${this.maxRestarts})`;
    for (const channel of this.channels) channel.crashed(message);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.port = this.attach();
      this.resume();
    }, this.backoffMs(attempt));
  }

  /** A fresh worker: its set-up first, then every run that was in flight (unless the set-up started a newer one). */
  private resume(): void {
    const due = [...this.channels].map((channel) => [channel, channel.pendingRunId()] as const);
    for (const setUp of this.started) setUp();
    for (const [channel, runId] of due) if (runId !== null && channel.pendingRunId() === runId) channel.replay();
  }

  private failChannelsOf(runId: number, message: string): void {
    for (const channel of this.channels) channel.failed(runId, message);
  }

  /** Checks once a second, while a run is in flight, that the worker has said something within the run's time. */
  private watch(): void {
    if (this.watchdog !== null) return;
    this.watchdog = setInterval(() => {
      const waiting = [...this.channels].flatMap((channel) => channel.waitingSince());
      if (waiting.length === 0) {
        clearInterval(this.watchdog!);
        this.watchdog = null;
        return;
      }
      const now = Date.now();
      const overdue = waiting.find(({ type, since }) => now - Math.max(since, this.lastHeard) > this.timeouts[type]);
      if (overdue) this.crashed(`no answer to a ${overdue.type} request within ${this.timeouts[overdue.type] / 1000} s`);
    }, 1000);
  }

  private stopTimers(): void {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.restartTimer = null;
    this.watchdog = null;
  }
}

/**
 * Runs one kind of request at a time, latest wins: starting a run cancels the one before it,
 * and a response whose run id is not the latest is dropped. After a crash its run in flight is
 * reported failed, then sent again (same run id) once the worker is back.
 */
export class LatestRunChannel {
  private latestRunId = 0;
  private inFlight = false;
  private request: { message: Exclude<LabRequest, { type: 'cancel' }>; transferred: boolean; sentAt: number } | null = null;
  private listener: ((response: LabResponse) => void) | null = null;

  constructor(private readonly host: WorkerHost) {
    host.register(this);
  }

  /** Sets the one function that receives the latest run's responses. */
  onResponse(listener: (response: LabResponse) => void): void {
    this.listener = listener;
  }

  /** Cancels the previous run and starts a new one; returns its run id. */
  start(makeRequest: (runId: number) => Exclude<LabRequest, { type: 'cancel' }>, transfer: Transferable[] = []): number {
    this.cancel();
    this.latestRunId = this.host.takeRunId();
    this.inFlight = true;
    const message = makeRequest(this.latestRunId);
    this.request = { message, transferred: transfer.length > 0, sentAt: Date.now() };
    this.host.post(message, transfer);
    return this.latestRunId;
  }

  /** Cancels the latest run, if one is in flight; its later responses are still delivered until the worker confirms. */
  cancel(): void {
    if (this.inFlight) this.host.post({ type: 'cancel', runId: this.latestRunId });
    this.inFlight = false;
  }

  /** Called by the host with every response of the worker. */
  receive(response: LabResponse): void {
    if (response.runId !== this.latestRunId) return; // stale: a newer run was started
    if (this.request) this.request.sentAt = Date.now();
    // Progress reports leave the run in flight (so it can still be cancelled); anything else ends it.
    const progress =
      (response.type === 'reference-progress' && !response.isFinal) ||
      (response.type === 'reference-ladder-progress' && !response.isFinal) ||
      (response.type === 'grid-ladder-result' && response.numDone < response.betas.length) ||
      (response.type === 'posterior-ladder-result' && response.numDone < response.betas.length) ||
      response.type === 'calibration-progress' ||
      (response.type === 'calibration-result' && response.reference === 'pending') ||
      response.type === 'train-progress';
    if (!progress) this.inFlight = false;
    this.listener?.(response);
  }

  /** The run in flight, or null. */
  pendingRunId(): number | null {
    return this.inFlight ? this.latestRunId : null;
  }

  /** The run in flight and when it was sent (or last heard of), for the host's watchdog. */
  waitingSince(): { type: keyof typeof ANSWER_TIMEOUT_MS; since: number }[] {
    return this.inFlight && this.request ? [{ type: this.request.message.type, since: this.request.sentAt }] : [];
  }

  /** Called by the host when the worker died: the run in flight fails with the reason (and stays due to be sent again). */
  crashed(message: string): void {
    if (!this.inFlight) return;
    this.listener?.({ type: 'error', runId: this.latestRunId, message });
  }

  /** Called by the host with a fresh worker: the run that was in flight is sent again (not one whose arrays were transferred away). */
  replay(): void {
    if (!this.inFlight || !this.request) return;
    if (this.request.transferred) {
      this.inFlight = false;
      this.listener?.({ type: 'error', runId: this.latestRunId, message: `the ${this.request.message.type} request could not be sent again (its arrays went to the worker that stopped); press Retry` });
      return;
    }
    this.request.sentAt = Date.now();
    this.host.post(this.request.message);
  }

  /** Called by the host when it is down: run `runId`, if it is this channel's, fails at once. */
  failed(runId: number, message: string): void {
    if (runId !== this.latestRunId || !this.inFlight) return;
    this.inFlight = false;
    this.listener?.({ type: 'error', runId, message });
  }
}

/**
 * A worker made on its first message (listeners added before are kept for it): a worker the page
 * may never use — calibration — then costs nothing, not even its script and TensorFlow.js, until asked.
 */
export function lazyWorker(make: () => WorkerPort): WorkerPort {
  let worker: WorkerPort | null = null;
  const listeners: [type: 'message' | 'error' | 'messageerror', listener: (event: never) => void][] = [];
  const real = (): WorkerPort => {
    if (!worker) {
      worker = make();
      for (const [type, listener] of listeners) worker.addEventListener(type as 'message', listener as (event: MessageEvent<unknown>) => void);
    }
    return worker;
  };
  return {
    postMessage: (message, transfer) => real().postMessage(message, transfer),
    addEventListener: (type: 'message' | 'error' | 'messageerror', listener: (event: never) => void) => {
      listeners.push([type, listener]);
      worker?.addEventListener(type as 'message', listener as (event: MessageEvent<unknown>) => void);
    },
    terminate: () => worker?.terminate(),
  };
}
