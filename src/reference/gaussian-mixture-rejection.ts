import type { Task } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';
import { normalCdf, normalIntervalMass, normalQuantile, normalUpperTail } from '../core/normal';
import type { Rng } from '../core/rng';
import type { ReferenceSampler } from './sampler';
import type { ReferenceDiagnostics } from '../protocol/payloads';

/**
 * log of the envelope at ‖θ − x‖² = `squared` for component standard deviations `stds` (s₁, s₂): factor · (c₁ N(θ; x, Σ₁/β) + c₂ N(θ; x, Σ₂/β)),
 * with factor 0.5^{min(β,1)} (DESIGN.md §3). `factorExponent` exists so a test can show that
 * the paper's 0.5^{max(β,1)} dips below the target for β < 1.
 */
export function logGaussianMixtureEnvelope(squared: number, beta: number, stds: ComponentStds, factorExponent = Math.min(beta, 1)): number {
  const [logC1, logC2] = envelopeLogC(beta, stds);
  const [wide, narrow] = stds;
  return (
    factorExponent * Math.log(0.5) +
    logSumTwo(logC1 + logNormal2(squared, wide / Math.sqrt(beta)), logC2 + logNormal2(squared, narrow / Math.sqrt(beta)))
  );
}

/** log of the tempered likelihood [½N(x; θ, s₁² I) + ½N(x; θ, s₂² I)]^β at ‖θ − x‖² = `squared`. */
export function logTemperedMixture(squared: number, beta: number, stds: ComponentStds): number {
  return beta * logMixture(squared, stds);
}

/** The two components' standard deviations (s₁, s₂), from the task's reference recipe. */
type ComponentStds = readonly [number, number];

/** log cᵢ = log[(2π)^{d(1−β)/2} |Σᵢ|^{(1−β)/2} β^{−d/2}] for both components (d = 2). */
function envelopeLogC(beta: number, stds: ComponentStds): [number, number] {
  const d = 2;
  const logC = (std: number) =>
    ((d * (1 - beta)) / 2) * Math.log(2 * Math.PI) + ((1 - beta) / 2) * d * Math.log(std * std) - (d / 2) * Math.log(beta);
  return [logC(stds[0]), logC(stds[1])];
}

/** The most proposals one run may make before it gives up with an error. */
export const MAX_PROPOSALS_PER_DRAW = 100_000;

/**
 * Below this chance that an envelope proposal lands in the box, proposals are drawn from the
 * envelope restricted to the box instead (an x far outside it: a misspecified data set). Above it
 * the sampler draws as it always has, so the evaluations' reference draws stay what they were.
 */
export const TRUNCATE_BELOW_BOX_MASS = 1e-3;

/**
 * One draw of N(0, 1) restricted to [a, b] by inversion, from the tail nearer the interval so a
 * far interval keeps its digits (normalUpperTail's relative error is < 1.2e−7).
 * @param u uniform in [0, 1)
 */
export function truncatedStandardNormal(a: number, b: number, u: number): number {
  if (a >= 0) {
    // Upper tail: Q(z) = 1 − Φ(z) falls from Q(a) to Q(b); 1 − u ∈ (0, 1] keeps p above Q(b) ≥ 0.
    const qa = normalUpperTail(a);
    const qb = normalUpperTail(b);
    const z = -normalQuantile(Math.min(qb + (1 - u) * (qa - qb), 1 - 1e-16));
    return Math.min(b, Math.max(a, z));
  }
  if (b <= 0) return -truncatedStandardNormal(-b, -a, u);
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  const z = normalQuantile(Math.min(Math.max(pa + u * (pb - pa), 1e-300), 1 - 1e-16));
  return Math.min(b, Math.max(a, z));
}

/**
 * Exact rejection sampling of the tempered Gaussian-mixture posterior (DESIGN.md §3, after the
 * paper's Appendix D with the envelope corrected). With Σ₁ = I, Σ₂ = 0.01 I (d = 2):
 * N(x; θ, Σ)^β = c(Σ, β) N(θ; x, Σ/β), c = (2π)^{d(1−β)/2} |Σ|^{(1−β)/2} β^{−d/2}; and since
 * (a + b)^β ≤ a^β + b^β for β ≤ 1 and ≤ 2^{β−1}(a^β + b^β) for β ≥ 1,
 * [½N₁ + ½N₂]^β ≤ 0.5^{min(β,1)} (c₁ N(θ; x, Σ₁/β) + c₂ N(θ; x, Σ₂/β)).
 * Draw from that envelope (weights ∝ cᵢ), reject outside the box, accept with
 * target / envelope — asserted ≤ 1 on every proposal. When x lies so far outside the box that
 * fewer than 1 in 1 000 of those proposals land in it (gross errors, the misspecified variant), the
 * proposals come from the envelope restricted to the box instead — component i with weight
 * ∝ cᵢ·Pᵢ(box), each coordinate a truncated normal — the same envelope on the box, so the same
 * exact sampler, without the millions of proposals outside it.
 */
export class GaussianMixtureRejection implements ReferenceSampler {
  private readonly kept: Float64Array;
  private numKept = 0;
  private numProposed = 0;
  private readonly componentWeights: [number, number];
  /** The likelihood's component standard deviations (s₁, s₂). */
  private readonly mixtureStds: ComponentStds;
  /** Per component, the envelope's standard deviation at β, and whether proposals are restricted to the box. */
  private readonly stds: [number, number];
  private readonly truncated: boolean;
  private readonly start = performance.now();

  constructor(
    private readonly task: Task,
    private readonly xObs: Matrix,
    private readonly beta: number,
    private readonly numDraws: number,
    private readonly rng: Rng,
  ) {
    const recipe = task.reference;
    if (recipe?.kind !== 'mixture-rejection') {
      throw new Error(`Gaussian-mixture rejection: expected a task whose reference is mixture rejection (a Gaussian-mixture task), got ${task.id}`);
    }
    this.mixtureStds = recipe.componentStds;
    this.kept = new Float64Array(numDraws * 2);
    const [logC1, logC2] = envelopeLogC(beta, this.mixtureStds);
    const first = 1 / (1 + Math.exp(logC2 - logC1));
    this.stds = [this.mixtureStds[0] / Math.sqrt(beta), this.mixtureStds[1] / Math.sqrt(beta)];
    // P(a proposal of component i lands in the box): a product over the two coordinates.
    const boxMass = this.stds.map((std) => {
      let mass = 1;
      for (let d = 0; d < 2; d++) mass *= normalIntervalMass((task.thetaLow[d]! - xObs.data[d]!) / std, (task.thetaHigh[d]! - xObs.data[d]!) / std);
      return mass;
    });
    const inBox = first * boxMass[0]! + (1 - first) * boxMass[1]!;
    this.truncated = inBox < TRUNCATE_BELOW_BOX_MASS;
    if (!this.truncated) {
      this.componentWeights = [first, 1 - first];
    } else {
      if (!(inBox > 0)) throw new Error(`Gaussian-mixture rejection: expected x within reach of the box (an envelope mass in it above 0 in double precision), got x = (${xObs.data[0]}, ${xObs.data[1]}) at β = ${beta}`);
      const restricted = (first * boxMass[0]!) / inBox;
      this.componentWeights = [restricted, 1 - restricted];
    }
  }

  get isDone(): boolean {
    return this.numKept >= this.numDraws;
  }

  progress(): number {
    return this.numKept / this.numDraws;
  }

  /** Makes up to `numIterations` proposals. */
  advance(numIterations: number): number {
    const { rng, beta, task } = this;
    const [x1, x2] = [this.xObs.data[0]!, this.xObs.data[1]!];
    let ran = 0;
    while (ran < numIterations && !this.isDone) {
      if (this.numProposed >= MAX_PROPOSALS_PER_DRAW * this.numDraws) {
        throw new Error(
          `Gaussian-mixture rejection: expected to accept within ${MAX_PROPOSALS_PER_DRAW} proposals per draw, got ${this.numKept} draws from ${this.numProposed} proposals (β = ${beta})`,
        );
      }
      ran += 1;
      this.numProposed += 1;
      const component = rng.uniform() < this.componentWeights[0] ? 0 : 1;
      const std = this.stds[component];
      const [t1, t2] = this.truncated
        ? [
            x1 + std * truncatedStandardNormal((task.thetaLow[0]! - x1) / std, (task.thetaHigh[0]! - x1) / std, rng.uniform()),
            x2 + std * truncatedStandardNormal((task.thetaLow[1]! - x2) / std, (task.thetaHigh[1]! - x2) / std, rng.uniform()),
          ]
        : [x1 + std * rng.normal(), x2 + std * rng.normal()];
      if (t1 < task.thetaLow[0]! || t1 > task.thetaHigh[0]! || t2 < task.thetaLow[1]! || t2 > task.thetaHigh[1]!) continue;
      const squared = (t1 - x1) ** 2 + (t2 - x2) ** 2;
      const logRatio = logTemperedMixture(squared, beta, this.mixtureStds) - logGaussianMixtureEnvelope(squared, beta, this.mixtureStds);
      if (logRatio > 1e-9) {
        throw new Error(`Gaussian-mixture rejection: expected target/envelope ≤ 1, got exp(${logRatio}) at θ = (${t1}, ${t2}), β = ${beta}`);
      }
      if (Math.log(1 - rng.uniform()) < logRatio) {
        this.kept[2 * this.numKept] = t1;
        this.kept[2 * this.numKept + 1] = t2;
        this.numKept += 1;
      }
    }
    return ran;
  }

  samples(): Matrix {
    return matrixFrom(this.kept.slice(0, 2 * this.numKept), this.numKept, 2);
  }

  diagnostics(): ReferenceDiagnostics {
    return {
      method: 'exact rejection',
      acceptanceRate: this.numProposed > 0 ? this.numKept / this.numProposed : 0,
      swapRate: null,
      splitRhat: null,
      bulkEss: [this.numKept, this.numKept],
      modeMasses: null,
      iterations: this.numKept,
      totalIterations: this.numDraws,
      seconds: (performance.now() - this.start) / 1000,
    };
  }
}

/** log N(d; 0, std² I) in 2-D as a function of ‖d‖². */
function logNormal2(squared: number, std: number): number {
  return -Math.log(2 * Math.PI) - 2 * Math.log(std) - squared / (2 * std * std);
}

/** log(½N(d; 0, s₁² I) + ½N(d; 0, s₂² I)) in 2-D. */
function logMixture(squared: number, stds: ComponentStds): number {
  return Math.log(0.5) + logSumTwo(logNormal2(squared, stds[0]), logNormal2(squared, stds[1]));
}

function logSumTwo(a: number, b: number): number {
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}
