import type { GridView } from '../reference/grid-view';

/**
 * Large arrays live here, outside React state: the store keeps only metadata and version
 * counters, and a panel reads the arrays for the version it renders.
 */

/** Prior-predictive draws as they arrived from the worker. */
export interface PriorPredictiveSamples {
  readonly taskId: string;
  readonly seed: number;
  readonly numDraws: number;
  /** [numDraws, thetaDim] */
  readonly theta: Float64Array;
  /** [numDraws, xDim] */
  readonly x: Float64Array;
}

/** Reference draws for one selection (task, x, β, seed). */
export interface ReferenceSamples {
  /** The selection key they belong to (see `selectionKey`). */
  readonly key: string;
  readonly taskId: string;
  readonly beta: number;
  /** [numKept, thetaDim] */
  readonly samples: Float64Array;
  readonly numKept: number;
}

/** The grid posterior view for one (task, x, β). */
export interface GridSnapshot {
  readonly key: string;
  readonly taskId: string;
  readonly view: GridView;
}

/** Draws of one route's q(θ | x, β) for one selection. */
export interface PosteriorSamples {
  readonly key: string;
  readonly taskId: string;
  readonly beta: number;
  /** [numDraws, thetaDim] */
  readonly samples: Float64Array;
  readonly numDraws: number;
}

const buffers: {
  priorPredictive: PriorPredictiveSamples | null;
  reference: ReferenceSamples | null;
  grid: GridSnapshot | null;
  posterior: Map<string, PosteriorSamples>;
} = { priorPredictive: null, reference: null, grid: null, posterior: new Map() };

export const sampleBuffers = {
  getPriorPredictive: () => buffers.priorPredictive,
  setPriorPredictive: (samples: PriorPredictiveSamples | null) => {
    buffers.priorPredictive = samples;
  },
  getReference: () => buffers.reference,
  setReference: (samples: ReferenceSamples | null) => {
    buffers.reference = samples;
  },
  getGrid: () => buffers.grid,
  setGrid: (snapshot: GridSnapshot | null) => {
    buffers.grid = snapshot;
  },
  /** The latest draws of a route's amortized posterior. */
  getPosterior: (route: string) => buffers.posterior.get(route) ?? null,
  setPosterior: (route: string, samples: PosteriorSamples | null) => {
    if (samples) buffers.posterior.set(route, samples);
    else buffers.posterior.delete(route);
  },
};

/** Keeps the older name used by the prior-predictive panel. */
export const getPriorPredictiveSamples = sampleBuffers.getPriorPredictive;
