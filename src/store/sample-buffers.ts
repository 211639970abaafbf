/**
 * Large sample arrays live here, outside React state: the store keeps only metadata and a
 * version counter, and a panel reads the arrays for the version it renders.
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

let priorPredictive: PriorPredictiveSamples | null = null;

export function setPriorPredictiveSamples(samples: PriorPredictiveSamples | null): void {
  priorPredictive = samples;
}

export function getPriorPredictiveSamples(): PriorPredictiveSamples | null {
  return priorPredictive;
}
