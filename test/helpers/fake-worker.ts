import type { LabRequest, LabResponse } from '../../src/protocol/messages';
import type { WorkerPort } from '../../src/store/lab-worker-client';

/** A worker stand-in that records requests and lets the test answer them in any order. */
export class FakeWorker implements WorkerPort {
  readonly sent: LabRequest[] = [];
  terminated = false;
  private messageListeners: ((event: MessageEvent<LabResponse>) => void)[] = [];
  private errorListeners: ((event: ErrorEvent) => void)[] = [];

  postMessage(message: LabRequest): void {
    this.sent.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.messageListeners.push(listener);
    else this.errorListeners.push(listener);
  }
  terminate(): void {
    this.terminated = true;
  }
  respond(response: LabResponse): void {
    for (const listener of this.messageListeners) listener({ data: response } as MessageEvent<LabResponse>);
  }
  crash(message: string): void {
    for (const listener of this.errorListeners) listener({ message } as ErrorEvent);
  }
  last(type: LabRequest['type']): LabRequest | undefined {
    return [...this.sent].reverse().find((message) => message.type === type);
  }
}

