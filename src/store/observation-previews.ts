import type { LabResponse } from '../protocol/messages';
import type { PanelRoute } from './shipped-models';

/** A route's latest preview: draws [n, thetaDim] at the β they were drawn at. */
export interface PreviewDraws {
  readonly samples: Float64Array;
  readonly beta: number;
}

/**
 * The amortized panels while the observation is dragged: each route shows draws at the current β
 * only (no ladder), with at most one request in flight per route — a move while one is in flight
 * is sent when it returns. Holds each route's latest preview and its request in flight; the
 * posterior store sends the requests and patches the panels.
 */
export class ObservationPreviews {
  private readonly latest: Partial<Record<PanelRoute, PreviewDraws>> = {};
  private readonly inFlight: Partial<Record<PanelRoute, { runId: number; due: boolean }>> = {};

  /** Sends a route's preview with `send` (it returns the run id), or marks one due when a request is in flight. */
  request(route: PanelRoute, send: () => number): void {
    const inFlight = this.inFlight[route];
    if (inFlight) inFlight.due = true;
    else this.inFlight[route] = { runId: send(), due: false };
  }

  /**
   * Takes a response when it answers the route's preview in flight: keeps its draws (a result)
   * and says whether another preview is due; null when the response is not a preview's.
   */
  settle(route: PanelRoute, response: LabResponse): { due: boolean } | null {
    const inFlight = this.inFlight[route];
    if (!inFlight || response.runId !== inFlight.runId) return null;
    delete this.inFlight[route];
    if (response.type === 'posterior-sample-result') this.latest[route] = { samples: response.samples, beta: response.beta };
    return { due: inFlight.due };
  }

  /** The route's latest preview, or null. */
  shown(route: PanelRoute): PreviewDraws | null {
    return this.latest[route] ?? null;
  }

  /** The drag is over: forgets every preview and every request in flight (their answers are dropped). */
  clear(): void {
    for (const route of Object.keys(this.latest) as PanelRoute[]) delete this.latest[route];
    for (const route of Object.keys(this.inFlight) as PanelRoute[]) delete this.inFlight[route];
  }
}
