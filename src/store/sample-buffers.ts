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

/** Posterior predictive traces of one route at one selection (Hodgkin–Huxley). */
export interface PredictiveTraces {
  readonly key: string;
  readonly taskId: string;
  readonly route: string;
  readonly beta: number;
  /** [numTraces, length] voltages (mV), `traceDt` ms apart */
  readonly traces: Float32Array;
  readonly numTraces: number;
  readonly traceDt: number;
  /** [numTraces, xDim] */
  readonly statistics: Float64Array;
}

/** Draws of one route's q at fixed β values for one observation (the marginals overlay). */
export interface FixedBetaDraws {
  /** Task, observation and model they belong to. */
  readonly key: string;
  readonly route: string;
  readonly betas: readonly number[];
  /** [betas.length, numDraws, thetaDim] */
  readonly draws: Float64Array;
  readonly numDraws: number;
}

const buffers: {
  priorPredictive: PriorPredictiveSamples | null;
  reference: ReferenceSamples | null;
  grid: GridSnapshot | null;
  posterior: Map<string, PosteriorSamples>;
  predictive: PredictiveTraces | null;
  fixedBeta: FixedBetaDraws | null;
} = { priorPredictive: null, reference: null, grid: null, posterior: new Map(), predictive: null, fixedBeta: null };

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
  getPredictive: () => buffers.predictive,
  setPredictive: (traces: PredictiveTraces | null) => {
    buffers.predictive = traces;
  },
  getFixedBeta: () => buffers.fixedBeta,
  setFixedBeta: (draws: FixedBetaDraws | null) => {
    buffers.fixedBeta = draws;
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
