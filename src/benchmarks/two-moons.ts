import { zerosMatrix, type Matrix } from '../core/matrix';
import { normalIntervalMass } from '../core/normal';
import type { Rng } from '../core/rng';
import { logBoxPrior } from './box-prior';
import { twoMoonsMetadata } from './metadata/two-moons';
import type { MisspecifiedSimulator, ModeRegion, TractableTaskModel } from './task';
import { checkEpsilon, checkLikelihoodInput, checkSimulateInput, xRowOffset } from './task-checks';

const RADIUS_MEAN = 0.1;
const RADIUS_STD = 0.01;
const OFFSET = 0.25;
/** The radius noise of a contaminated data set (the misspecified variant): three times the model's. */
const CONTAMINATED_RADIUS_STD = 0.03;
const LOG_NORMAL_CONST = -Math.log(RADIUS_STD) - 0.5 * Math.log(2 * Math.PI);
/** Midpoint nodes over the angle a for the evidence (its integrand turns over ~0.1 rad: ≥ 60 nodes per turn). */
const EVIDENCE_ANGLE_NODES = 2000;
const NODE_COS = Float64Array.from({ length: EVIDENCE_ANGLE_NODES }, (_, k) => Math.cos(Math.PI * ((k + 0.5) / EVIDENCE_ANGLE_NODES - 0.5)));
const NODE_SIN = Float64Array.from({ length: EVIDENCE_ANGLE_NODES }, (_, k) => Math.sin(Math.PI * ((k + 0.5) / EVIDENCE_ANGLE_NODES - 0.5)));
/** An interval reaching 9 standard deviations of r past both sides holds mass 1 to double precision (1 − 2e−19). */
const RADIUS_ALL = 9 * RADIUS_STD;
/** An interval starting 39 standard deviations of r away holds a mass that underflows a double (< 1e−300). */
const RADIUS_NONE = 39 * RADIUS_STD;
/**
 * The region m = (−|θ₁+θ₂|/√2, (−θ₁+θ₂)/√2) fills as θ ranges over the box: the triangle
 * m₁ ≤ 0, −m₁ + m₂ ≤ √2, −m₁ − m₂ ≤ √2, constraint k being g1[k]·m₁ + g2[k]·m₂ ≤ h[k].
 */
const MEAN_REGION = { g1: Float64Array.of(1, -1, -1), g2: Float64Array.of(0, 1, -1), h: Float64Array.of(0, Math.SQRT2, Math.SQRT2) };

/**
 * log p(x) for one x. θ ↦ m is two-to-one with unit Jacobian onto the triangle, so under the
 * uniform prior m has density ½ there, and p(x) = ½ P(x − (0.25, 0) − r(cos a, sin a) ∈ triangle).
 * For each a the r that land inside form an interval (the triangle is convex), whose normal mass
 * is exact; the mean over a ~ U(−π/2, π/2) is a midpoint rule.
 */
function logEvidenceOne(x1: number, x2: number): number {
  const c1 = x1 - OFFSET;
  let sum = 0;
  for (let node = 0; node < EVIDENCE_ANGLE_NODES; node++) {
    const d1 = NODE_COS[node]!;
    const d2 = NODE_SIN[node]!;
    // m(r) = c − r d; each constraint g·m ≤ h of MEAN_REGION reads r (g·d) ≥ g·c − h.
    let low = Number.NEGATIVE_INFINITY;
    let high = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) {
      const g1 = MEAN_REGION.g1[k]!;
      const g2 = MEAN_REGION.g2[k]!;
      const slope = g1 * d1 + g2 * d2;
      const bound = g1 * c1 + g2 * x2 - MEAN_REGION.h[k]!;
      if (slope > 0) low = Math.max(low, bound / slope);
      else if (slope < 0) high = Math.min(high, bound / slope);
      else if (bound > 0) high = Number.NEGATIVE_INFINITY;
    }
    if (high <= low || low >= RADIUS_MEAN + RADIUS_NONE || high <= RADIUS_MEAN - RADIUS_NONE) continue;
    if (low <= RADIUS_MEAN - RADIUS_ALL && high >= RADIUS_MEAN + RADIUS_ALL) sum += 1;
    else sum += normalIntervalMass((low - RADIUS_MEAN) / RADIUS_STD, (high - RADIUS_MEAN) / RADIUS_STD);
  }
  return Math.log(0.5 * (sum / EVIDENCE_ANGLE_NODES));
}

/**
 * Two Moons' misspecified variant: with probability ε a data set's radius noise has standard
 * deviation 0.03 instead of the model's 0.01 (Huber contamination of the noise). The model, sure
 * the crescent is 0.01 thick, puts θ where the radius is 0.1 — for a contaminated x up to six of
 * its own standard deviations across the crescent from the truth — so β = 1 under-covers, and
 * β < 1, which thickens the crescent by 1/√β, recovers. The radius is kept positive (|r|), so x
 * stays in the simulator's support (u₁ > 0 for the true θ) and p_β(θ | x) is defined.
 */
export const twoMoonsMisspecified: MisspecifiedSimulator = {
  ...twoMoonsMetadata.misspecified,
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix {
    checkEpsilon(epsilon);
    return simulateTwoMoons(theta, rng, () => Math.abs(RADIUS_MEAN + (rng.uniform() < epsilon ? CONTAMINATED_RADIUS_STD : RADIUS_STD) * rng.normal()));
  },
};

/** One x per θ row, the radius of each drawn by `radius()` after its angle. */
function simulateTwoMoons(theta: Matrix, rng: Rng, radius: () => number): Matrix {
  checkSimulateInput(twoMoons, theta);
  const x = zerosMatrix(theta.numRows, 2);
  for (let i = 0; i < theta.numRows; i++) {
    const t1 = theta.data[2 * i] as number;
    const t2 = theta.data[2 * i + 1] as number;
    const a = Math.PI * (rng.uniform() - 0.5);
    const r = radius();
    x.data[2 * i] = r * Math.cos(a) + OFFSET - Math.abs(t1 + t2) / Math.SQRT2;
    x.data[2 * i + 1] = r * Math.sin(a) + (-t1 + t2) / Math.SQRT2;
  }
  return x;
}

/** Two Moons' known modes: the two crescents, mirror images across θ₁ + θ₂ = 0. */
export const TWO_MOONS_CRESCENTS: readonly ModeRegion[] = [
  { name: 'crescent θ₁+θ₂ > 0', contains: (theta) => theta[0]! + theta[1]! > 0 },
  { name: 'crescent θ₁+θ₂ < 0', contains: (theta) => theta[0]! + theta[1]! < 0 },
];

/**
 * The reference's two chain starts, one strictly on each side of θ₁ + θ₂ = 0: the grid mode and
 * its mirror (−θ₂, −θ₁), nudged off the diagonal when the mode lies on it. The posterior is
 * exactly symmetric under θ ↦ (−θ₂, −θ₁) (the likelihood is, and so is the box), so each crescent
 * holds mass ½: each chain is confined to its own side, and the pooled draws stay exact even at
 * small β, where an adapted step is wide enough to hop the gap between crescents and strand both
 * chains on one side.
 * @returns [start with θ₁ + θ₂ < 0, start with θ₁ + θ₂ > 0]
 */
function twoMoonsStarts(mode: Float64Array): [Float64Array, Float64Array] {
  const mirror = Float64Array.of(-mode[1]!, -mode[0]!);
  const sum = mode[0]! + mode[1]!;
  if (Math.abs(sum) < 1e-6) {
    return [Float64Array.of(mode[0]! - 1e-3, mode[1]! - 1e-3), Float64Array.of(mode[0]! + 1e-3, mode[1]! + 1e-3)];
  }
  return sum < 0 ? [mode, mirror] : [mirror, mode];
}

/**
 * Two Moons (DESIGN.md §2): θ ∈ [−1, 1]², x ∈ ℝ². a ~ U(−π/2, π/2), r ~ N(0.1, 0.01²),
 * p = (r cos a + 0.25, r sin a), x = p + (−|θ₁+θ₂|/√2, (−θ₁+θ₂)/√2).
 * Exact likelihood by the polar change of variables: with u = x − (0.25 − |θ₁+θ₂|/√2, (−θ₁+θ₂)/√2),
 * p(x|θ) = N(‖u‖; 0.1, 0.01²) / (π ‖u‖) when u₁ > 0, else 0. Symmetric under θ ↦ (−θ₂, −θ₁).
 */
export const twoMoons: TractableTaskModel = {
  ...twoMoonsMetadata,
  misspecified: twoMoonsMisspecified,
  reference: {
    kind: 'random-walk',
    start: { from: 'grid-mode', mirroredStarts: twoMoonsStarts, regions: [(theta) => theta[0]! + theta[1]! < 0, (theta) => theta[0]! + theta[1]! > 0] },
    steps: { stepSizes: [0.02, 0.02] },
    numBurnIn: 10_000,
    thin: 2,
    targetAcceptance: 0.3,
    modes: TWO_MOONS_CRESCENTS,
  },

  simulate(theta: Matrix, rng: Rng): Matrix {
    return simulateTwoMoons(theta, rng, () => RADIUS_MEAN + RADIUS_STD * rng.normal());
  },

  logPrior(theta: Matrix): Float64Array {
    return logBoxPrior(twoMoons, theta);
  },

  logLikelihood(theta: Matrix, x: Matrix): Float64Array {
    checkLikelihoodInput(twoMoons, theta, x);
    const out = new Float64Array(theta.numRows);
    for (let i = 0; i < theta.numRows; i++) {
      const t1 = theta.data[2 * i] as number;
      const t2 = theta.data[2 * i + 1] as number;
      const k = xRowOffset(x, i);
      const u1 = (x.data[k] as number) - (OFFSET - Math.abs(t1 + t2) / Math.SQRT2);
      const u2 = (x.data[k + 1] as number) - (-t1 + t2) / Math.SQRT2;
      if (!(u1 > 0)) {
        out[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      const r = Math.hypot(u1, u2);
      const z = (r - RADIUS_MEAN) / RADIUS_STD;
      out[i] = LOG_NORMAL_CONST - 0.5 * z * z - Math.log(Math.PI) - Math.log(r);
    }
    return out;
  },

  logEvidence(x: Matrix): Float64Array {
    if (x.numCols !== 2) throw new Error(`two_moons evidence: expected x with 2 columns, got ${x.numCols}`);
    return Float64Array.from({ length: x.numRows }, (_, i) => logEvidenceOne(x.data[2 * i] as number, x.data[2 * i + 1] as number));
  },
};
