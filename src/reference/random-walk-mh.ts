import type { ModeRegion, Task } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { bulkEss, parameterTraces, splitRhat } from './diagnostics';
import type { ReferenceSampler } from './sampler';
import type { ReferenceDiagnostics } from '../protocol/payloads';
import { logTemperedTarget, reflectIntoBox } from './tempered-target';

/** Settings of a tempered random-walk Metropolis–Hastings run (DESIGN.md §3). */
export interface RandomWalkMhOptions {
  /** One start per chain, each [thetaDim] inside the box. */
  readonly starts: readonly Float64Array[];
  /** Initial proposal standard deviation per parameter, [thetaDim]. */
  readonly stepSizes: Float64Array;
  /** Iterations per chain during which the step scale adapts (then discarded). */
  readonly numBurnIn: number;
  /** Draws kept per chain after burn-in. */
  readonly numKeptPerChain: number;
  /** Keep every `thin`-th iteration after burn-in. */
  readonly thin: number;
  /** The acceptance rate the Robbins–Monro adaptation aims for. */
  readonly targetAcceptance: number;
  /**
   * Optional region per chain (aligned with `starts`): proposals outside a chain's region are
   * rejected, i.e. the chain targets the posterior restricted to it.
   */
  readonly regions?: readonly ((theta: Float64Array) => boolean)[];
  /** Names and membership tests of known modes, for the mode-mass diagnostic. */
  readonly modes?: readonly ModeRegion[];
}

/** One chain's state. */
interface Chain {
  readonly theta: Float64Array;
  logTarget: number;
  /** log of the factor on `stepSizes`, adapted during burn-in. */
  logScale: number;
  numAccepted: number;
  numProposed: number;
  /** [numKeptPerChain, thetaDim] kept draws. */
  readonly kept: Float64Array;
  numKept: number;
}

/**
 * Tempered random-walk Metropolis–Hastings inside the prior box: Gaussian proposals with
 * per-parameter step sizes times an adapted scale, reflected at the box walls (symmetric, so no
 * Hastings correction), target π(θ) p(x|θ)^β. During burn-in the scale follows Robbins–Monro,
 * log s ← log s + γ_t (a_t − a*), γ_t = (t + 10)^−0.6, then stays fixed; kept draws never
 * adapt. Chains advance in lock-step, one iteration each per `advance` unit.
 */
export class RandomWalkMh implements ReferenceSampler {
  private readonly chains: Chain[];
  private readonly proposal: Float64Array;
  private iteration = 0;
  private readonly totalIterations: number;
  private readonly start = performance.now();
  private readonly proposalMatrix: Matrix;

  constructor(
    private readonly task: Task,
    private readonly xObs: Matrix,
    private readonly beta: number,
    private readonly options: RandomWalkMhOptions,
    private readonly rng: Rng,
  ) {
    const d = task.thetaDim;
    this.proposal = new Float64Array(d);
    this.proposalMatrix = matrixFrom(this.proposal, 1, d);
    this.chains = options.starts.map((start) => {
      const theta = Float64Array.from(start);
      const logTarget = this.logTarget(theta);
      if (!Number.isFinite(logTarget)) {
        throw new Error(`random-walk MH: expected a start with finite tempered log-density, got ${logTarget} at θ = [${[...theta].join(', ')}]`);
      }
      return { theta, logTarget, logScale: 0, numAccepted: 0, numProposed: 0, kept: new Float64Array(options.numKeptPerChain * d), numKept: 0 };
    });
    this.totalIterations = options.numBurnIn + options.numKeptPerChain * options.thin;
  }

  private logTarget(theta: Float64Array): number {
    return logTemperedTarget(this.task, this.xObs, this.beta, matrixFrom(theta, 1, theta.length))[0]!;
  }

  get isDone(): boolean {
    return this.iteration >= this.totalIterations;
  }

  progress(): number {
    return Math.min(1, this.iteration / this.totalIterations);
  }

  advance(numIterations: number): number {
    const { options, task, rng, proposal } = this;
    const d = task.thetaDim;
    let ran = 0;
    while (ran < numIterations && !this.isDone) {
      const inBurnIn = this.iteration < options.numBurnIn;
      this.chains.forEach((chain, c) => {
        const scale = Math.exp(chain.logScale);
        for (let j = 0; j < d; j++) proposal[j] = chain.theta[j]! + scale * options.stepSizes[j]! * rng.normal();
        reflectIntoBox(proposal, task.thetaLow, task.thetaHigh);
        const inRegion = options.regions?.[c]?.(proposal) ?? true;
        const logTarget = inRegion ? logTemperedTarget(task, this.xObs, this.beta, this.proposalMatrix)[0]! : Number.NEGATIVE_INFINITY;
        const logRatio = logTarget - chain.logTarget;
        const accept = logRatio >= 0 || Math.log(1 - rng.uniform()) < logRatio;
        if (accept) {
          chain.theta.set(proposal);
          chain.logTarget = logTarget;
        }
        if (inBurnIn) {
          const rate = (this.iteration + 10) ** -0.6;
          chain.logScale += rate * ((accept ? 1 : 0) - options.targetAcceptance);
        } else {
          chain.numProposed += 1;
          if (accept) chain.numAccepted += 1;
          const sinceBurnIn = this.iteration - options.numBurnIn + 1;
          if (sinceBurnIn % options.thin === 0 && chain.numKept < options.numKeptPerChain) {
            chain.kept.set(chain.theta, chain.numKept * d);
            chain.numKept += 1;
          }
        }
      });
      this.iteration += 1;
      ran += 1;
    }
    return ran;
  }

  /** Kept draws of every chain, chain after chain. */
  samples(): Matrix {
    const d = this.task.thetaDim;
    const total = this.chains.reduce((acc, chain) => acc + chain.numKept, 0);
    const out = new Float64Array(total * d);
    let offset = 0;
    for (const chain of this.chains) {
      out.set(chain.kept.subarray(0, chain.numKept * d), offset);
      offset += chain.numKept * d;
    }
    return matrixFrom(out, total, d);
  }

  /** The adapted proposal scale of each chain (a factor on `stepSizes`). */
  scales(): number[] {
    return this.chains.map((chain) => Math.exp(chain.logScale));
  }

  diagnostics(): ReferenceDiagnostics {
    const d = this.task.thetaDim;
    const kept = this.chains.map((chain) => chain.kept.subarray(0, chain.numKept * d));
    const enough = this.chains.every((chain) => chain.numKept >= 4);
    const proposed = this.chains.reduce((acc, chain) => acc + chain.numProposed, 0);
    const accepted = this.chains.reduce((acc, chain) => acc + chain.numAccepted, 0);
    const all = this.samples();
    const modes = this.options.modes;
    return {
      method: `random-walk MH (${this.chains.length} chain${this.chains.length > 1 ? 's' : ''})`,
      acceptanceRate: proposed > 0 ? accepted / proposed : 0,
      swapRate: null,
      // Each chain on its own: chains may sit in different modes by design (DESIGN.md §3).
      splitRhat: enough ? kept.map((chain) => Array.from({ length: d }, (_, j) => splitRhat(parameterTraces([chain], d, j)))) : null,
      bulkEss: Array.from({ length: d }, (_, j) =>
        enough ? kept.reduce((acc, chain) => acc + bulkEss(parameterTraces([chain], d, j)), 0) : 0,
      ),
      modeMasses: modes && all.numRows > 0 ? modes.map((mode) => ({ name: mode.name, mass: massIn(all, mode.contains) })) : null,
      iterations: this.iteration,
      totalIterations: this.totalIterations,
      seconds: (performance.now() - this.start) / 1000,
    };
  }
}

/** Fraction of rows of `samples` for which `contains` holds. */
export function massIn(samples: Matrix, contains: (theta: Float64Array) => boolean): number {
  let count = 0;
  for (let i = 0; i < samples.numRows; i++) {
    if (contains(samples.data.subarray(i * samples.numCols, (i + 1) * samples.numCols))) count++;
  }
  return count / samples.numRows;
}
