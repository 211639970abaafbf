import type { LabRequest, LabResponse } from '../../src/protocol/messages';
import type { WorkerPort } from '../../src/store/lab-worker-client';

/** A worker stand-in that records requests and lets the test answer them in any order. */
export class FakeWorker implements WorkerPort {
  readonly sent: LabRequest[] = [];
  terminated = false;
  private messageListeners: ((event: MessageEvent<unknown>) => void)[] = [];
  private errorListeners: ((event: Event) => void)[] = [];

  postMessage(message: LabRequest): void {
    this.sent.push(message);
  }
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === 'message') this.messageListeners.push(listener as (event: MessageEvent<unknown>) => void);
    else if (type === 'error') this.errorListeners.push(listener as (event: Event) => void);
  }
  terminate(): void {
    this.terminated = true;
  }
  respond(response: LabResponse): void {
    for (const listener of this.messageListeners) listener({ data: response } as MessageEvent<unknown>);
  }
  crash(message: string): void {
    for (const listener of this.errorListeners) listener({ message } as unknown as Event);
  }
  last(type: LabRequest['type']): LabRequest | undefined {
    return [...this.sent].reverse().find((message) => message.type === type);
  }
}

