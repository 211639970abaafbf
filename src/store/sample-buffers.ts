/**
 * Large arrays of the prior-predictive and predictive panels live here, outside React state:
 * the store keeps only metadata and version counters, and a panel reads the arrays for the
 * version it renders. (The reference and amortized panels' stores own their arrays.)
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
  predictive: PredictiveTraces | null;
  fixedBeta: FixedBetaDraws | null;
} = { priorPredictive: null, predictive: null, fixedBeta: null };

export const sampleBuffers = {
  getPriorPredictive: () => buffers.priorPredictive,
  setPriorPredictive: (samples: PriorPredictiveSamples | null) => {
    buffers.priorPredictive = samples;
  },
  getPredictive: () => buffers.predictive,
  setPredictive: (traces: PredictiveTraces | null) => {
    buffers.predictive = traces;
  },
  getFixedBeta: () => buffers.fixedBeta,
  setFixedBeta: (draws: FixedBetaDraws | null) => {
    buffers.fixedBeta = draws;
  },
};

/** Keeps the older name used by the prior-predictive panel. */
export const getPriorPredictiveSamples = sampleBuffers.getPriorPredictive;
