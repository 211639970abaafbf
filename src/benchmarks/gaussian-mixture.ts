import { zerosMatrix, type Matrix } from '../core/matrix';
import { normalIntervalMass } from '../core/normal';
import type { Rng } from '../core/rng';
import { logBoxPrior } from './box-prior';
import { gaussianMixtureMetadata, gaussianMixtureWideMetadata } from './metadata/gaussian-mixture';
import type { MisspecifiedSimulator, TractableTaskModel } from './task';
import { checkEpsilon, checkLikelihoodInput, checkSimulateInput, xRowOffset } from './task-checks';

/** Standard deviations of the two mixture components: Σ₁ = I, Σ₂ = 0.01 I. */
export const GAUSSIAN_MIXTURE_STDS: readonly [number, number] = [1, 0.1];
const LOG_2PI = Math.log(2 * Math.PI);
/** The standard deviation of a gross error (the misspecified variant): three times the wide component's. */
const GROSS_ERROR_STD = 3;

/**
 * Gaussian Mixture (DESIGN.md §2): θ ∈ [−B, B]², x | θ ~ ½ N(θ, I) + ½ N(θ, 0.01 I); each
 * simulation draws its own component. B = 1 is the paper's default (`gaussian_mixture`);
 * B = 10 is the common benchmark suite's version (`gaussian_mixture_wide`).
 * @param metadata the task's metadata, whose box is [−B, B]²
 */
function makeGaussianMixture(metadata: typeof gaussianMixtureMetadata): TractableTaskModel {
  const halfWidth = metadata.thetaHigh[0]!;
  /**
   * The misspecified variant: with probability ε a data set is a gross error, x ~ N(θ, 3² I),
   * three times wider than the model's wide component. The model explains such an x with θ near
   * it (its posterior is half a spike of width 0.1 at x and half N(x, I)), so the truth, about
   * 3.8 away, lies outside its 90 % region: β = 1 under-covers, and β < 1 flattens the posterior
   * toward the prior until the regions hold the truth again. x stays finite, so the likelihood is
   * positive everywhere (the mixture has no edge of support).
   */
  const misspecified: MisspecifiedSimulator = {
    ...metadata.misspecified,
    simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix {
      checkSimulateInput(task, theta);
      checkEpsilon(epsilon);
      const x = zerosMatrix(theta.numRows, 2);
      for (let i = 0; i < theta.numRows; i++) {
        const gross = rng.uniform() < epsilon;
        const std = gross ? GROSS_ERROR_STD : rng.uniform() < 0.5 ? GAUSSIAN_MIXTURE_STDS[0] : GAUSSIAN_MIXTURE_STDS[1];
        x.data[2 * i] = (theta.data[2 * i] as number) + std * rng.normal();
        x.data[2 * i + 1] = (theta.data[2 * i + 1] as number) + std * rng.normal();
      }
      return x;
    },
  };
  const task: TractableTaskModel = {
    ...metadata,
    reference: { kind: 'mixture-rejection', componentStds: GAUSSIAN_MIXTURE_STDS },
    misspecified,

    simulate(theta: Matrix, rng: Rng): Matrix {
      checkSimulateInput(task, theta);
      const x = zerosMatrix(theta.numRows, 2);
      for (let i = 0; i < theta.numRows; i++) {
        const std = rng.uniform() < 0.5 ? GAUSSIAN_MIXTURE_STDS[0] : GAUSSIAN_MIXTURE_STDS[1];
        x.data[2 * i] = (theta.data[2 * i] as number) + std * rng.normal();
        x.data[2 * i + 1] = (theta.data[2 * i + 1] as number) + std * rng.normal();
      }
      return x;
    },

    logPrior(theta: Matrix): Float64Array {
      return logBoxPrior(task, theta);
    },

    logLikelihood(theta: Matrix, x: Matrix): Float64Array {
      checkLikelihoodInput(task, theta, x);
      const out = new Float64Array(theta.numRows);
      for (let i = 0; i < theta.numRows; i++) {
        const k = xRowOffset(x, i);
        const d1 = (x.data[k] as number) - (theta.data[2 * i] as number);
        const d2 = (x.data[k + 1] as number) - (theta.data[2 * i + 1] as number);
        out[i] = logMixtureDensity(d1 * d1 + d2 * d2);
      }
      return out;
    },

    /** p(x) = (2B)⁻² Σ_k ½ Π_j [Φ((B − x_j)/σ_k) − Φ((−B − x_j)/σ_k)]: each component integrated over the box. */
    logEvidence(x: Matrix): Float64Array {
      if (x.numCols !== 2) throw new Error(`${metadata.id} evidence: expected x with 2 columns, got ${x.numCols}`);
      const out = new Float64Array(x.numRows);
      for (let i = 0; i < x.numRows; i++) {
        let evidence = 0;
        for (const std of GAUSSIAN_MIXTURE_STDS) {
          let mass = 0.5;
          for (let j = 0; j < 2; j++) {
            const xj = x.data[2 * i + j] as number;
            mass *= normalIntervalMass((-halfWidth - xj) / std, (halfWidth - xj) / std);
          }
          evidence += mass;
        }
        out[i] = Math.log(evidence) - 2 * Math.log(2 * halfWidth);
      }
      return out;
    },
  };
  return task;
}

/** log(½ N(d; 0, I) + ½ N(d; 0, 0.01 I)) in 2-D as a function of ‖d‖², computed stably. */
function logMixtureDensity(squaredDistance: number): number {
  const [wide, narrow] = GAUSSIAN_MIXTURE_STDS;
  const a = -LOG_2PI - 2 * Math.log(wide) - squaredDistance / (2 * wide * wide);
  const b = -LOG_2PI - 2 * Math.log(narrow) - squaredDistance / (2 * narrow * narrow);
  const max = Math.max(a, b);
  return max + Math.log(0.5 * Math.exp(a - max) + 0.5 * Math.exp(b - max));
}

export const gaussianMixture = makeGaussianMixture(gaussianMixtureMetadata);
export const gaussianMixtureWide = makeGaussianMixture(gaussianMixtureWideMetadata);
