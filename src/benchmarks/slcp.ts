import { zerosMatrix, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { logBoxPrior } from './box-prior';
import { SLCP_NUM_DRAWS, slcpMetadata } from './metadata/slcp';
import type { MisspecifiedSimulator, ModeRegion, TemperingSettings, TractableTaskModel } from './task';
import { checkEpsilon, checkLikelihoodInput, checkSimulateInput, xRowOffset } from './task-checks';

const NUM_DRAWS = SLCP_NUM_DRAWS;
const DIAGONAL_JITTER = 1e-6;
/** How much wider a contaminated draw's noise is (the misspecified variant). */
const OUTLIER_SCALE = 3;
const LOG_2PI = Math.log(2 * Math.PI);

/** The 2×2 covariance S(θ) of one SLCP draw, as (s11, s12, s22), with the 1e−6 jitter. */
export function slcpCovariance(theta: ArrayLike<number>): [number, number, number] {
  const s1 = (theta[2] as number) ** 2;
  const s2 = (theta[3] as number) ** 2;
  const rho = Math.tanh(theta[4] as number);
  return [s1 * s1 + DIAGONAL_JITTER, rho * s1 * s2, s2 * s2 + DIAGONAL_JITTER];
}

/**
 * SLCP's misspecified variant: each of the four draws is, with probability ε, an outlier — its
 * noise three times wider (covariance 9·S(θ)), as one bad reading among four. The model, which
 * believes all four share S(θ), explains an outlier with larger scales θ₃, θ₄ and a shifted mean,
 * away from the truth: β = 1 under-covers. Every x is finite and S(θ) is positive definite, so
 * the likelihood is positive for every θ and p_β(θ | x) is defined.
 */
export const slcpMisspecified: MisspecifiedSimulator = {
  ...slcpMetadata.misspecified,
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix {
    checkEpsilon(epsilon);
    return simulateSlcp(theta, rng, () => (rng.uniform() < epsilon ? OUTLIER_SCALE : 1));
  },
};

/**
 * Four draws per θ row, each draw's noise scaled by `drawScale()` (absent for the model itself;
 * drawn once per draw, before its noise).
 */
function simulateSlcp(theta: Matrix, rng: Rng, drawScale: (() => number) | null): Matrix {
  checkSimulateInput(slcp, theta);
  const x = zerosMatrix(theta.numRows, 2 * NUM_DRAWS);
  for (let i = 0; i < theta.numRows; i++) {
    const t = theta.data.subarray(5 * i, 5 * i + 5);
    const [s11, s12, s22] = slcpCovariance(t);
    // Cholesky of the 2×2 covariance.
    const l11 = Math.sqrt(s11);
    const l21 = s12 / l11;
    const l22 = Math.sqrt(s22 - l21 * l21);
    for (let k = 0; k < NUM_DRAWS; k++) {
      const scale = drawScale ? drawScale() : 1;
      const z1 = scale * rng.normal();
      const z2 = scale * rng.normal();
      x.data[8 * i + 2 * k] = (t[0] as number) + l11 * z1;
      x.data[8 * i + 2 * k + 1] = (t[1] as number) + l21 * z1 + l22 * z2;
    }
  }
  return x;
}

/** DESIGN.md §3's SLCP reference: 200 replicas from 0.01, steps 0.2/√β_r to acceptance 0.25, 5 local updates, 5 000 burn-in. */
export const SLCP_TEMPERING: TemperingSettings = {
  numReplicas: 200,
  hottestBeta: 0.01,
  baseStepSize: 0.2,
  targetAcceptance: 0.25,
  numLocalUpdates: 5,
  numInitialDraws: 2048,
  numBurnIn: 5000,
};

/**
 * SLCP's known modes: the four sign quadrants of (θ₃, θ₄). x depends on θ₃ and θ₄ only through
 * θ₃² and θ₄², and the prior box is symmetric, so the reference gives every kept draw fair sign
 * flips there (its recipe's `signFlips`) and the four get their exact equal masses.
 */
export const SLCP_SIGN_MODES: readonly ModeRegion[] = [
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
].map(([s3, s4]) => ({
  name: `θ₃ ${s3! > 0 ? '>' : '<'} 0, θ₄ ${s4! > 0 ? '>' : '<'} 0`,
  contains: (theta: Float64Array) => Math.sign(theta[2]!) === s3 && Math.sign(theta[3]!) === s4,
}));

/**
 * SLCP (DESIGN.md §2): θ ∈ [−3, 3]⁵, x ∈ ℝ⁸ = four i.i.d. draws of N((θ₁, θ₂), S) flattened as
 * (x₁a, x₁b, x₂a, …), with s₁ = θ₃², s₂ = θ₄² (standard deviations), ρ = tanh θ₅ and
 * S = [[s₁², ρs₁s₂], [ρs₁s₂, s₂²]] + 1e−6 I. The posterior has four modes (signs of θ₃, θ₄).
 */
export const slcp: TractableTaskModel = {
  ...slcpMetadata,
  reference: { kind: 'parallel-tempering', tempering: SLCP_TEMPERING, signFlips: [2, 3], modes: SLCP_SIGN_MODES },
  misspecified: slcpMisspecified,

  simulate(theta: Matrix, rng: Rng): Matrix {
    return simulateSlcp(theta, rng, null);
  },

  logPrior(theta: Matrix): Float64Array {
    return logBoxPrior(slcp, theta);
  },

  logLikelihood(theta: Matrix, x: Matrix): Float64Array {
    checkLikelihoodInput(slcp, theta, x);
    const out = new Float64Array(theta.numRows);
    const t = theta.data;
    for (let i = 0; i < theta.numRows; i++) {
      // S(θ) inlined (see slcpCovariance): this loop runs millions of times in parallel tempering.
      const m1 = t[5 * i]!;
      const m2 = t[5 * i + 1]!;
      const s1 = t[5 * i + 2]! * t[5 * i + 2]!;
      const s2 = t[5 * i + 3]! * t[5 * i + 3]!;
      const rho = Math.tanh(t[5 * i + 4]!);
      const s11 = s1 * s1 + DIAGONAL_JITTER;
      const s12 = rho * s1 * s2;
      const s22 = s2 * s2 + DIAGONAL_JITTER;
      const det = s11 * s22 - s12 * s12;
      const logNorm = -LOG_2PI - 0.5 * Math.log(det);
      const k0 = xRowOffset(x, i);
      let sum = 0;
      for (let k = 0; k < NUM_DRAWS; k++) {
        const d1 = x.data[k0 + 2 * k]! - m1;
        const d2 = x.data[k0 + 2 * k + 1]! - m2;
        const quad = (s22 * d1 * d1 - 2 * s12 * d1 * d2 + s11 * d2 * d2) / det;
        sum += logNorm - 0.5 * quad;
      }
      // Only overflow at absurd |θ| (far outside the box) can make this NaN: clamp it to −∞.
      out[i] = Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
    }
    return out;
  },
};
