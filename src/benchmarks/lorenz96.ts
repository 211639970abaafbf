import { zerosMatrix, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { logBoxPrior } from './box-prior';
import { LORENZ96, lorenz96Metadata } from './metadata/lorenz96';
import type { MisspecifiedSimulator, TractableTaskModel } from './task';
import { checkEpsilon, checkLikelihoodInput, checkSimulateInput, xRowOffset } from './task-checks';


const K = LORENZ96.numStates;
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The drift f_k(x) = −x_{k−1}(x_{k−2} − x_{k+1}) − x_k + F − b₀ − b₁ x_k, cyclic in k.
 * @param x [K] state @param out [K] receives f(x)
 */
export function lorenz96Drift(x: ArrayLike<number>, b0: number, b1: number, out: Float64Array): void {
  const forcing = LORENZ96.forcing - b0;
  for (let k = 0; k < K; k++) {
    const xkm1 = x[(k + K - 1) % K] as number;
    const xkm2 = x[(k + K - 2) % K] as number;
    const xkp1 = x[(k + 1) % K] as number;
    const xk = x[k] as number;
    out[k] = -xkm1 * (xkm2 - xkp1) - xk + forcing - b1 * xk;
  }
}

/** Scratch buffers for one RK4 step, reused across steps to keep the hot loop allocation-free. */
export class Rk4Stepper {
  private readonly k1 = new Float64Array(K);
  private readonly k2 = new Float64Array(K);
  private readonly k3 = new Float64Array(K);
  private readonly k4 = new Float64Array(K);
  private readonly tmp = new Float64Array(K);

  /**
   * One classical RK4 step Φ(x) of the drift over `dt`.
   * @param x [K] start @param out [K] receives Φ(x) (may alias nothing in x)
   */
  step(x: ArrayLike<number>, b0: number, b1: number, dt: number, out: Float64Array): void {
    const { k1, k2, k3, k4, tmp } = this;
    lorenz96Drift(x, b0, b1, k1);
    for (let k = 0; k < K; k++) tmp[k] = (x[k] as number) + 0.5 * dt * (k1[k] as number);
    lorenz96Drift(tmp, b0, b1, k2);
    for (let k = 0; k < K; k++) tmp[k] = (x[k] as number) + 0.5 * dt * (k2[k] as number);
    lorenz96Drift(tmp, b0, b1, k3);
    for (let k = 0; k < K; k++) tmp[k] = (x[k] as number) + dt * (k3[k] as number);
    lorenz96Drift(tmp, b0, b1, k4);
    for (let k = 0; k < K; k++) {
      out[k] =
        (x[k] as number) +
        (dt / 6) * ((k1[k] as number) + 2 * (k2[k] as number) + 2 * (k3[k] as number) + (k4[k] as number));
    }
  }
}

/** How much wider a gust's noise is (the misspecified variant). */
const GUST_SCALE = 3;

/**
 * Lorenz-96's misspecified variant: each of the 20 steps is, with probability ε, a gust — its
 * noise three times wider (σₑ·3·√Δt on all eight states). The model, whose noise is the same at
 * every step, explains gusts with a larger σₑ (up to the box's 2.5) and a distorted closure
 * (b₀, b₁): β = 1 under-covers. The Gaussian likelihood is positive for every x, so p_β is defined.
 */
export const lorenz96Misspecified: MisspecifiedSimulator = {
  ...lorenz96Metadata.misspecified,
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix {
    checkEpsilon(epsilon);
    return simulateLorenz96(theta, rng, () => (rng.uniform() < epsilon ? GUST_SCALE : 1));
  },
};

/**
 * x₀ … x_T per θ row, each step's noise scaled by `stepScale()` (1 for the model itself; drawn
 * once per step, before the step's noise).
 */
function simulateLorenz96(theta: Matrix, rng: Rng, stepScale: (() => number) | null): Matrix {
  checkSimulateInput(lorenz96, theta);
  const { dt, numSteps, initialValue } = LORENZ96;
  const x = zerosMatrix(theta.numRows, lorenz96.xDim);
  const stepper = new Rk4Stepper();
  const next = new Float64Array(K);
  for (let i = 0; i < theta.numRows; i++) {
    const b0 = theta.data[3 * i] as number;
    const b1 = theta.data[3 * i + 1] as number;
    const sigma = theta.data[3 * i + 2] as number;
    const row = x.data.subarray(i * lorenz96.xDim, (i + 1) * lorenz96.xDim);
    row.fill(initialValue, 0, K);
    for (let t = 0; t < numSteps; t++) {
      const noiseStd = sigma * Math.sqrt(dt) * (stepScale ? stepScale() : 1);
      stepper.step(row.subarray(t * K, (t + 1) * K), b0, b1, dt, next);
      for (let k = 0; k < K; k++) row[(t + 1) * K + k] = (next[k] as number) + noiseStd * rng.normal();
    }
  }
  return x;
}

/**
 * Lorenz-96 with linear-in-state closure (DESIGN.md §2): θ = (b₀, b₁, σₑ) ∈
 * [1.4, 2.2] × [0.1, 1.0] × [1.5, 2.5]; x_{t+1} = Φ(x_t) + σₑ √Δt ε_t with Φ one RK4 step of
 * the drift; x₀ = 𝟙 (constant columns 1…K). Observation (x₀, …, x_T), time-major, 168 values.
 * Exact likelihood Σ_t log N(x_{t+1}; Φ(x_t), σₑ² Δt I); x₀ is conditioned on, not scored.
 */
export const lorenz96: TractableTaskModel = {
  ...lorenz96Metadata,
  reference: {
    kind: 'random-walk',
    start: { from: 'best-prior-draw', numStartDraws: 1500 },
    steps: { stepsPerPriorWidth: 6 },
    numBurnIn: 6000,
    thin: 1,
    targetAcceptance: 0.3,
  },
  misspecified: lorenz96Misspecified,

  simulate(theta: Matrix, rng: Rng): Matrix {
    return simulateLorenz96(theta, rng, null);
  },

  logPrior(theta: Matrix): Float64Array {
    return logBoxPrior(lorenz96, theta);
  },

  logLikelihood(theta: Matrix, x: Matrix): Float64Array {
    checkLikelihoodInput(lorenz96, theta, x);
    const { dt, numSteps } = LORENZ96;
    const out = new Float64Array(theta.numRows);
    const stepper = new Rk4Stepper();
    const mean = new Float64Array(K);
    for (let i = 0; i < theta.numRows; i++) {
      const b0 = theta.data[3 * i] as number;
      const b1 = theta.data[3 * i + 1] as number;
      const sigma = theta.data[3 * i + 2] as number;
      const variance = sigma * sigma * dt;
      const logNorm = -0.5 * (LOG_2PI + Math.log(variance));
      const k0 = xRowOffset(x, i);
      const row = x.data.subarray(k0, k0 + lorenz96.xDim);
      let sum = 0;
      for (let t = 0; t < numSteps; t++) {
        stepper.step(row.subarray(t * K, (t + 1) * K), b0, b1, dt, mean);
        for (let k = 0; k < K; k++) {
          const r = (row[(t + 1) * K + k] as number) - (mean[k] as number);
          sum += logNorm - (0.5 * r * r) / variance;
        }
      }
      // σₑ = 0 (outside the box) or overflow at absurd θ gives NaN: clamp it to −∞.
      out[i] = Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
    }
    return out;
  },
};
