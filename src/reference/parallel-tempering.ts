import { type ModeRegion, requireLikelihood, type Task, type TemperingSettings } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { bulkEss, parameterTraces, splitRhat } from './diagnostics';
import { massIn } from './random-walk-mh';
import type { ReferenceSampler } from './sampler';
import type { ReferenceDiagnostics } from '../protocol/payloads';
import { reflectIntoBox } from './tempered-target';
import { sampleBoxPrior } from '../benchmarks/box-prior';

/** A parallel-tempering run: the task's settings (its `ReferenceRecipe`) and the run's own. */
export interface ParallelTemperingOptions extends TemperingSettings {
  /** Draws kept per kept chain, one every `thin` iterations after burn-in. */
  readonly numKept: number;
  /** Iterations between two kept draws (default 1). */
  readonly thin?: number;
  /**
   * The inverse temperatures, ascending (hottest first), instead of the geometric ladder from
   * `hottestBeta` to β; the run's β must be among them. See `ParallelTempering.ladder`.
   */
  readonly temperatures?: readonly number[];
  /** The inverse temperatures whose chains are kept (each among the temperatures); default [β]. */
  readonly keptBetas?: readonly number[];
  readonly modes?: readonly ModeRegion[];
  /**
   * Coordinates whose sign the target ignores (SLCP: θ₃ and θ₄ enter only squared, in a prior box
   * symmetric about 0), and the stream that flips them: each kept draw gets independent fair sign
   * flips there. The flip leaves the target invariant (an exact move), so the draws stay draws of
   * p_β(θ | x), and the sign modes get their exact equal masses instead of the unequal shares a
   * chain that rarely crosses between them leaves (SLCP's: 0.21–0.32 per quadrant at 10 000 draws).
   * Its own stream: the chain's moves are the same with or without it.
   */
  readonly signSymmetry?: { readonly coordinates: readonly number[]; readonly rng: Rng };
}


/**
 * The temperatures of a run that serves every β of a page's ladder at once (DESIGN.md §3): the
 * geometric ladder of `numReplicas` from `hottestBeta` to the top of the domain, with each β of
 * `required` added (so the page's rungs and 𝒢 are temperatures), ascending, without duplicates.
 */
export function ladderTemperatures(required: readonly number[], top: number, options: Pick<ParallelTemperingOptions, 'numReplicas' | 'hottestBeta'>): number[] {
  const { numReplicas: r, hottestBeta } = options;
  if (!(top > hottestBeta)) throw new Error(`parallel tempering ladder: expected a top above the hottest β ${hottestBeta}, got ${top}`);
  const geometric = Array.from({ length: r }, (_, k) => (k === r - 1 ? top : hottestBeta * (top / hottestBeta) ** (k / (r - 1))));
  const sorted = [...geometric, ...required].sort((a, b) => a - b);
  return sorted.filter((beta, k) => k === 0 || beta - sorted[k - 1]! > 1e-12 * beta);
}

/**
 * Parallel tempering for p_β(θ|x) ∝ π(θ) p(x|θ)^β: replica r targets π(θ) p(x|θ)^{β_r} on a
 * geometric ladder from `hottestBeta` to β (or on given `temperatures`). Each iteration runs `numLocalUpdates` Gaussian
 * random-walk steps per replica (reflected into the box; all replicas' proposals scored in one
 * batched likelihood call), then one round of swaps between neighbours — even pairs on even
 * iterations, odd pairs on odd ones — accepted with min(1, exp((β_i − β_j)(ℓ_j − ℓ_i))).
 * Step scales belong to temperature levels and adapt by Robbins–Monro during burn-in only.
 * Replicas start at the best R of `numInitialDraws` prior draws, the best at the coldest.
 *
 * Every kept chain is exact for its own temperature, not only the coldest: the joint target of
 * the replicas is the product Π_r π(θ_r) p(x|θ_r)^{β_r}. A local update of replica r is a
 * Metropolis step for its own factor (the others untouched), so it keeps the product; a swap of
 * neighbours k, k+1 proposes exchanging θ_k and θ_{k+1} (a symmetric proposal, its own inverse)
 * and accepts with the ratio of the product after and before, min(1, exp((β_k − β_{k+1})(ℓ_{k+1}
 * − ℓ_k))), so it keeps the product too (the prior factors only move between the two replicas).
 * The chain of states is therefore stationary for the product, whose marginal for replica r is
 * π·p^{β_r}: the draws at level r are draws of p_{β_r}(θ | x). One run thus serves a whole page
 * ladder (`keptBetas`); test/reference/parallel-tempering-ladder.test.ts checks two rungs against
 * single-β runs. Step adaptation stops at the end of burn-in, so kept draws come from a fixed kernel.
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
  /** Indices into `betas` of the kept chains, and their draws [numKept, d] each. */
  private readonly keptIndices: readonly number[];
  private readonly kept: Float64Array[];
  /** Which kept chain is the run's β (what `samples()` returns). */
  private readonly targetKept: number;
  private readonly thin: number;
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
    beta: number,
    private readonly options: ParallelTemperingOptions,
    private readonly rng: Rng,
  ) {
    this.logLikelihoodOf = requireLikelihood(task);
    const { numReplicas: r, hottestBeta } = options;
    const d = task.thetaDim;
    this.betas = options.temperatures
      ? Float64Array.from(options.temperatures)
      : Float64Array.from({ length: r }, (_, k) => hottestBeta * (beta / hottestBeta) ** (k / (r - 1)));
    const levelOf = (b: number) => {
      const k = this.betas.findIndex((t) => Math.abs(t - b) <= 1e-12 * b);
      if (k < 0) throw new Error(`parallel tempering: expected β = ${b} among the temperatures, got none equal to it`);
      return k;
    };
    if (!this.betas.every((b, k) => b > 0 && (k === 0 || b > this.betas[k - 1]!))) throw new Error('parallel tempering: expected ascending positive temperatures');
    this.keptIndices = (options.keptBetas ?? [beta]).map(levelOf);
    this.targetKept = this.keptIndices.indexOf(levelOf(beta));
    if (this.targetKept < 0) throw new Error(`parallel tempering: expected the run's β = ${beta} among the kept temperatures`);
    this.thin = options.thin ?? 1;
    const numLevels = this.betas.length;
    this.logScales = Float64Array.from(this.betas, (b) => Math.log(options.baseStepSize / Math.sqrt(b)));
    const draws = sampleBoxPrior(task, Math.max(options.numInitialDraws, numLevels), rng);
    const drawLogLikelihoods = this.logLikelihoodOf(draws, xObs);
    const best = Array.from(drawLogLikelihoods.keys()).sort((a, b) => drawLogLikelihoods[a]! - drawLogLikelihoods[b]!).slice(-numLevels);
    this.states = new Float64Array(numLevels * d);
    this.logLikelihoods = new Float64Array(numLevels);
    best.forEach((index, k) => {
      this.states.set(draws.data.subarray(index * d, (index + 1) * d), k * d);
      this.logLikelihoods[k] = drawLogLikelihoods[index]!;
    });
    this.proposals = matrixFrom(new Float64Array(numLevels * d), numLevels, d);
    this.proposal = new Float64Array(d);
    this.kept = this.keptIndices.map(() => new Float64Array(options.numKept * d));
    this.totalIterations = options.numBurnIn + options.numKept * this.thin;
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
      if (!inBurnIn && (this.iteration - this.options.numBurnIn + 1) % this.thin === 0) {
        const d = this.task.thetaDim;
        this.keptIndices.forEach((level, c) => this.kept[c]!.set(this.states.subarray(level * d, (level + 1) * d), this.numKeptSoFar * d));
        const symmetry = this.options.signSymmetry;
        if (symmetry) {
          for (const chain of this.kept) for (const j of symmetry.coordinates) if (symmetry.rng.uniform() < 0.5) chain[this.numKeptSoFar * d + j] = -chain[this.numKeptSoFar * d + j]!;
        }
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
    const r = this.betas.length;
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
      } else if (k === this.keptIndices[this.targetKept]) {
        this.coldProposed += 1;
        if (accept) this.coldAccepted += 1;
      }
    }
  }

  private swapRound(parity: number, inBurnIn: boolean): void {
    const d = this.task.thetaDim;
    const scratch = new Float64Array(d);
    for (let k = parity; k + 1 < this.betas.length; k += 2) {
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
    return this.samplesAt(this.targetKept);
  }

  /** The kept draws so far of kept chain `c` (the order of `keptBetas`), [numKept, d] (a copy). */
  samplesAt(c: number): Matrix {
    const d = this.task.thetaDim;
    return matrixFrom(this.kept[c]!.slice(0, this.numKeptSoFar * d), this.numKeptSoFar, d);
  }

  /** The inverse temperatures of the kept chains, in the order of `samplesAt`. */
  keptBetas(): number[] {
    return this.keptIndices.map((level) => this.betas[level]!);
  }

  diagnostics(): ReferenceDiagnostics {
    const d = this.task.thetaDim;
    const chain = this.kept[this.targetKept]!.subarray(0, this.numKeptSoFar * d);
    const enough = this.numKeptSoFar >= 4;
    const all = this.samples();
    const modes = this.options.modes;
    return {
      method: this.keptIndices.length > 1 ? `parallel tempering (${this.betas.length} replicas, ${this.keptIndices.length} chains kept)` : `parallel tempering (${this.options.numReplicas} replicas, cold chain kept)`,
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
