import { zerosMatrix, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { assertFiniteMatrix } from '../core/validate';

/** A box-uniform prior U([low, high]) in `thetaLow.length` dimensions. */
export interface BoxPrior {
  readonly thetaLow: Float64Array;
  readonly thetaHigh: Float64Array;
}

/** log of the box volume's reciprocal: the log density inside the box. */
export function logBoxDensity(prior: BoxPrior): number {
  let logVolume = 0;
  for (let j = 0; j < prior.thetaLow.length; j++) {
    logVolume += Math.log((prior.thetaHigh[j] as number) - (prior.thetaLow[j] as number));
  }
  return -logVolume;
}

/**
 * log π(θ) per row: constant inside the closed box, −∞ outside.
 * @param theta [n, d] @returns [n]
 */
export function logBoxPrior(prior: BoxPrior, theta: Matrix): Float64Array {
  const d = prior.thetaLow.length;
  assertFiniteMatrix('theta', theta, d);
  const inside = logBoxDensity(prior);
  const out = new Float64Array(theta.numRows);
  for (let i = 0; i < theta.numRows; i++) {
    let ok = true;
    for (let j = 0; j < d && ok; j++) {
      const v = theta.data[i * d + j] as number;
      ok = v >= (prior.thetaLow[j] as number) && v <= (prior.thetaHigh[j] as number);
    }
    out[i] = ok ? inside : Number.NEGATIVE_INFINITY;
  }
  return out;
}

/** n draws from the box prior. @returns [n, d] */
export function sampleBoxPrior(prior: BoxPrior, n: number, rng: Rng): Matrix {
  const d = prior.thetaLow.length;
  const theta = zerosMatrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      theta.data[i * d + j] = rng.uniformIn(prior.thetaLow[j] as number, prior.thetaHigh[j] as number);
    }
  }
  return theta;
}
