import { requireLikelihood, type Task } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { bulkEss, parameterTraces, splitRhat } from './diagnostics';
import { massIn } from './random-walk-mh';
import type { ReferenceDiagnostics, ReferenceSampler } from './sampler';
import { reflectIntoBox } from './tempered-target';
import { sampleBoxPrior } from '../benchmarks/box-prior';

/** Settings of the SLCP parallel-tempering run (DESIGN.md §3). */
export interface ParallelTemperingOptions {
  /** Number of replicas R. */
  readonly numReplicas: number;
  /** The hottest inverse temperature; the ladder is geometric from here to β. */
  readonly hottestBeta: number;
  /** Proposal standard deviation at inverse temperature 1 (replica r starts at this / √β_r). */
  readonly baseStepSize: number;
  readonly targetAcceptance: number;
  /** Local random-walk updates per replica between two swap rounds. */
  readonly numLocalUpdates: number;
  /** Prior draws the replicas start from (the best R by likelihood). */
  readonly numInitialDraws: number;
  /** Iterations (local updates + one swap round) that adapt and are discarded. */
  readonly numBurnIn: number;
  /** Cold-chain draws kept, one per iteration after burn-in. */
  readonly numKept: number;
  readonly modes?: readonly { readonly name: string; readonly contains: (theta: Float64Array) => boolean }[];
}

/** DESIGN.md §3's SLCP settings: 200 replicas from 0.01, steps 0.2/√β_r to acceptance 0.25, 5 local updates, 5 000 burn-in. */
export const SLCP_TEMPERING: Omit<ParallelTemperingOptions, 'numKept'> = {
  numReplicas: 200,
  hottestBeta: 0.01,
  baseStepSize: 0.2,
  targetAcceptance: 0.25,
  numLocalUpdates: 5,
  numInitialDraws: 2048,
  numBurnIn: 5000,
};

/**
 * Parallel tempering for p_β(θ|x) ∝ π(θ) p(x|θ)^β: replica r targets π(θ) p(x|θ)^{β_r} on a
 * geometric ladder from `hottestBeta` to β. Each iteration runs `numLocalUpdates` Gaussian
 * random-walk steps per replica (reflected into the box; all replicas' proposals scored in one
 * batched likelihood call), then one round of swaps between neighbours — even pairs on even
 * iterations, odd pairs on odd ones — accepted with min(1, exp((β_i − β_j)(ℓ_j − ℓ_i))).
 * Step scales belong to temperature levels and adapt by Robbins–Monro during burn-in only.
 * Replicas start at the best R of `numInitialDraws` prior draws, the best at the coldest.
 */
export class ParallelTempering implements ReferenceSampler {
  /** [R] inverse temperatures, hottest first, β last. */
  readonly betas: Float64Array;
  private readonly states: Float64Array;
  private readonly logLikelihoods: Float64Array;
  private readonly logLikelihoodOf: NonNullable<Task['logLikelihood']>;
  private readonly logScales: Float64Array;
  private readonly proposals: Matrix;
  private readonly proposal: Float64Array;
  private readonly kept: Float64Array;
  private numKeptSoFar = 0;
  private iteration = 0;
  private coldAccepted = 0;
  private coldProposed = 0;
  private swapsAccepted = 0;
  private swapsProposed = 0;
  private readonly totalIterations: number;
  private readonly start = performance.now();

  constructor(
    private readonly task: Task,
    private readonly xObs: Matrix,
    private readonly beta: number,
    private readonly options: ParallelTemperingOptions,
    private readonly rng: Rng,
  ) {
    this.logLikelihoodOf = requireLikelihood(task);
    const { numReplicas: r, hottestBeta } = options;
    const d = task.thetaDim;
    this.betas = Float64Array.from({ length: r }, (_, k) => hottestBeta * (beta / hottestBeta) ** (k / (r - 1)));
    this.logScales = Float64Array.from(this.betas, (b) => Math.log(options.baseStepSize / Math.sqrt(b)));
    const draws = sampleBoxPrior(task, Math.max(options.numInitialDraws, r), rng);
    const drawLogLikelihoods = this.logLikelihoodOf(draws, xObs);
    const best = Array.from(drawLogLikelihoods.keys()).sort((a, b) => drawLogLikelihoods[a]! - drawLogLikelihoods[b]!).slice(-r);
    this.states = new Float64Array(r * d);
    this.logLikelihoods = new Float64Array(r);
    best.forEach((index, k) => {
      this.states.set(draws.data.subarray(index * d, (index + 1) * d), k * d);
      this.logLikelihoods[k] = drawLogLikelihoods[index]!;
    });
    this.proposals = matrixFrom(new Float64Array(r * d), r, d);
    this.proposal = new Float64Array(d);
    this.kept = new Float64Array(options.numKept * d);
    this.totalIterations = options.numBurnIn + options.numKept;
  }

  get isDone(): boolean {
    return this.iteration >= this.totalIterations;
  }

  progress(): number {
    return Math.min(1, this.iteration / this.totalIterations);
  }

  advance(numIterations: number): number {
    let ran = 0;
    while (ran < numIterations && !this.isDone) {
      const inBurnIn = this.iteration < this.options.numBurnIn;
      for (let u = 0; u < this.options.numLocalUpdates; u++) this.localUpdate(inBurnIn);
      this.swapRound(this.iteration % 2, inBurnIn);
      if (!inBurnIn) {
        const d = this.task.thetaDim;
        const cold = this.options.numReplicas - 1;
        this.kept.set(this.states.subarray(cold * d, (cold + 1) * d), this.numKeptSoFar * d);
        this.numKeptSoFar += 1;
      }
      this.iteration += 1;
      ran += 1;
    }
    return ran;
  }

  private localUpdate(inBurnIn: boolean): void {
    const { task, rng, states, proposals, options } = this;
    const d = task.thetaDim;
    const r = options.numReplicas;
    const proposal = this.proposal;
    for (let k = 0; k < r; k++) {
      const scale = Math.exp(this.logScales[k]!);
      for (let j = 0; j < d; j++) proposal[j] = states[k * d + j]! + scale * rng.normal();
      reflectIntoBox(proposal, task.thetaLow, task.thetaHigh);
      proposals.data.set(proposal, k * d);
    }
    // Inside the box the prior is constant, so only the tempered likelihood enters the ratio.
    const proposed = this.logLikelihoodOf(proposals, this.xObs);
    const rate = (this.iteration + 10) ** -0.6;
    for (let k = 0; k < r; k++) {
      const logRatio = this.betas[k]! * (proposed[k]! - this.logLikelihoods[k]!);
      const accept = logRatio >= 0 || Math.log(1 - rng.uniform()) < logRatio;
      if (accept) {
        for (let j = 0; j < d; j++) states[k * d + j] = proposals.data[k * d + j]!;
        this.logLikelihoods[k] = proposed[k]!;
      }
      if (inBurnIn) {
        this.logScales[k]! += rate * ((accept ? 1 : 0) - options.targetAcceptance);
      } else if (k === r - 1) {
        this.coldProposed += 1;
        if (accept) this.coldAccepted += 1;
      }
    }
  }

  private swapRound(parity: number, inBurnIn: boolean): void {
    const d = this.task.thetaDim;
    const scratch = new Float64Array(d);
    for (let k = parity; k + 1 < this.options.numReplicas; k += 2) {
      const logRatio = (this.betas[k]! - this.betas[k + 1]!) * (this.logLikelihoods[k + 1]! - this.logLikelihoods[k]!);
      const accept = logRatio >= 0 || Math.log(1 - this.rng.uniform()) < logRatio;
      if (!inBurnIn) {
        this.swapsProposed += 1;
        if (accept) this.swapsAccepted += 1;
      }
      if (!accept) continue;
      scratch.set(this.states.subarray(k * d, (k + 1) * d));
      this.states.copyWithin(k * d, (k + 1) * d, (k + 2) * d);
      this.states.set(scratch, (k + 1) * d);
      const ll = this.logLikelihoods[k]!;
      this.logLikelihoods[k] = this.logLikelihoods[k + 1]!;
      this.logLikelihoods[k + 1] = ll;
    }
  }

  samples(): Matrix {
    const d = this.task.thetaDim;
    return matrixFrom(this.kept.slice(0, this.numKeptSoFar * d), this.numKeptSoFar, d);
  }

  diagnostics(): ReferenceDiagnostics {
    const d = this.task.thetaDim;
    const chain = this.kept.subarray(0, this.numKeptSoFar * d);
    const enough = this.numKeptSoFar >= 4;
    const all = this.samples();
    const modes = this.options.modes;
    return {
      method: `parallel tempering (${this.options.numReplicas} replicas, cold chain kept)`,
      acceptanceRate: this.coldProposed > 0 ? this.coldAccepted / this.coldProposed : 0,
      swapRate: this.swapsProposed > 0 ? this.swapsAccepted / this.swapsProposed : 0,
      splitRhat: enough ? [Array.from({ length: d }, (_, j) => splitRhat(parameterTraces([chain], d, j)))] : null,
      bulkEss: Array.from({ length: d }, (_, j) => (enough ? bulkEss(parameterTraces([chain], d, j)) : 0)),
      modeMasses: modes && all.numRows > 0 ? modes.map((mode) => ({ name: mode.name, mass: massIn(all, mode.contains) })) : null,
      iterations: this.iteration,
      totalIterations: this.totalIterations,
      seconds: (performance.now() - this.start) / 1000,
    };
  }
}
