import { type BoxPrior, logBoxPrior, sampleBoxPrior } from '../benchmarks/box-prior';
import type { Rng } from '../core/rng';
import type { ConditionalDensity } from '../nn/conditional-density';
import { PARETO_K_LIMIT } from '../core/limits';
import { defensiveLogDensity, importanceResample } from './importance-resampling';
import { logScores, type ScoreNetwork } from './route-b';

/**
 * Refinement of amortized draws by sampling–importance–resampling (DESIGN.md §4, issue 19): for
 * one (x, β), M = k·n proposals θⱼ from g = (1 − a)·q(θ | x, β) + a·π(θ), weights
 * log wⱼ = log π(θⱼ) + β·ŝ(θⱼ, x) − log g(θⱼ), self-normalised, n kept by systematic resampling.
 * ŝ is the route's learned score — B-NLE's log p̂(x | θ), B-NRE's classifier logit (log p̂(x | θ)
 * − log p̂(x): p(x)^β is constant in θ and cancels) — the mean of the two cross-fitted networks'
 * scores. Route A has no learned likelihood and borrows the B-NRE model's networks.
 */

/** How an untrustworthy k̂ is explained wherever it is shown. */
export const PARETO_K_LIMIT_TEXT = `> ${PARETO_K_LIMIT}: the weights' tail is too heavy for the refined draws to be trusted`;

/** Proposals per kept draw by default: M = 10·n (every proposal costs one pass of three networks). */
export const DEFAULT_PROPOSALS_PER_DRAW = 10;

/** A prior the refinement can draw from and evaluate. */
export interface RefinementPrior {
  readonly thetaDim: number;
  /** @returns [n, thetaDim] */
  sample(n: number, rng: Rng): Float64Array;
  /** log π(θ) per row (−∞ outside the support). @param theta [n, thetaDim] @returns [n] */
  logDensity(theta: Float64Array): Float64Array;
}

/** The amortized posterior at one (x, β), as the refinement's proposal. */
export interface RefinementProposal {
  /** @returns [n, thetaDim] */
  sample(n: number, rng: Rng): Promise<Float64Array>;
  /** log q(θ | x, β) per row. @param theta [n, thetaDim] @returns [n] */
  logDensity(theta: Float64Array): Promise<Float64Array>;
}

export interface RefinementSettings {
  readonly beta: number;
  /** Draws to return. */
  readonly n: number;
  /** k ≥ 1: proposals per kept draw (M = k·n). */
  readonly proposalsPerDraw: number;
  /** a ∈ [0, 1): the prior's share of the proposals (0: q alone). */
  readonly defensive: number;
}

/** Refined draws with their weights' diagnostics. */
export interface RefinedDraws {
  /** [n, thetaDim] */
  readonly theta: Float64Array;
  readonly numProposals: number;
  /** 1 / Σ w̃ⱼ² over the M proposals. */
  readonly ess: number;
  readonly essFraction: number;
  /** Pareto k̂ of the largest weights (> 0.7: do not trust). */
  readonly paretoK: number;
  readonly trustworthy: boolean;
}

/** Scores beyond this magnitude are clamped (a network far outside its training data). */
const SCORE_LIMIT = 1e6;

/** Checks k and a, naming what was expected and what arrived. */
export function checkRefinementSettings(settings: RefinementSettings): void {
  const { proposalsPerDraw: k, defensive: a, n } = settings;
  if (!(Number.isInteger(k) && k >= 1 && k <= 1000)) throw new Error(`refinement: expected proposals per draw k, an integer in [1, 1000], got ${k}`);
  if (!(a >= 0 && a < 1)) throw new Error(`refinement: expected a defensive prior share a in [0, 1), got ${a}`);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`refinement: expected n ≥ 1 draws, got ${n}`);
}

/**
 * Draws n refined θ. The M proposals are stratified: round(a·M) from the prior, the rest from q —
 * every proposal's weight uses the mixture density g (the deterministic-mixture weights, which
 * self-normalise like draws from g and have lower variance than drawing each proposal's source).
 * @param logScore ŝ(θⱼ, x) per row of [M, thetaDim]
 */
export async function refine(proposal: RefinementProposal, prior: RefinementPrior, logScore: (theta: Float64Array) => Promise<Float64Array>, settings: RefinementSettings, rng: Rng): Promise<RefinedDraws> {
  checkRefinementSettings(settings);
  const { beta, n, proposalsPerDraw, defensive } = settings;
  const d = prior.thetaDim;
  const m = Math.max(2, proposalsPerDraw * n);
  const fromPrior = Math.round(defensive * m);
  const theta = new Float64Array(m * d);
  theta.set(await proposal.sample(m - fromPrior, rng.split()));
  if (fromPrior > 0) theta.set(prior.sample(fromPrior, rng.split()), (m - fromPrior) * d);
  const logQ = await proposal.logDensity(theta);
  const logPrior = prior.logDensity(theta);
  const logG = defensiveLogDensity(logQ, logPrior, defensive);
  const scores = await logScore(theta);
  const logTarget = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    if (Number.isNaN(scores[j]!) || Number.isNaN(logG[j]!)) throw new Error(`refinement: expected finite scores and proposal densities, got ŝ = ${scores[j]}, log g = ${logG[j]} at proposal ${j}`);
    const s = Math.min(SCORE_LIMIT, Math.max(-SCORE_LIMIT, scores[j]!));
    logTarget[j] = logPrior[j]! + beta * s;
  }
  const set = importanceResample(logTarget, logG, n, rng.split());
  const kept = new Float64Array(n * d);
  set.indices.forEach((j, i) => kept.set(theta.subarray(j * d, (j + 1) * d), i * d));
  return { theta: kept, numProposals: m, ess: set.ess, essFraction: set.essFraction, paretoK: set.paretoK, trustworthy: set.trustworthy };
}

/** q(θ | x, β) of an amortized posterior at one raw (network-form) x and β. */
export function posteriorProposal(posterior: ConditionalDensity, x: ArrayLike<number>, beta: number): RefinementProposal {
  const context = Array.from(x);
  return {
    sample: (n, rng) => posterior.sample(context, n, rng, beta),
    logDensity: (theta) => posterior.logProb(theta, context, beta),
  };
}

/**
 * ŝ(θ, x) = the mean of the cross-fitted networks' scores at one x (network form), per θ row.
 * @param theta [m, thetaDim] @returns [m]
 */
export function meanScore(networks: readonly ScoreNetwork[], x: ArrayLike<number>): (theta: Float64Array) => Promise<Float64Array> {
  if (networks.length === 0) throw new Error('refinement: expected at least one score network, got none');
  const xDim = x.length;
  return async (theta) => {
    const m = theta.length / networks[0]!.thetaDim;
    const repeated = new Float64Array(m * xDim);
    for (let i = 0; i < m; i++) repeated.set(x, i * xDim);
    const all = await Promise.all(networks.map((network) => logScores(network, theta, repeated)));
    return Float64Array.from({ length: m }, (_, i) => all.reduce((sum, scores) => sum + scores[i]!, 0) / all.length);
  };
}

/** A box-uniform prior as the refinement's prior. */
export function boxRefinementPrior(prior: BoxPrior): RefinementPrior {
  const thetaDim = prior.thetaLow.length;
  return {
    thetaDim,
    sample: (n, rng) => sampleBoxPrior(prior, n, rng).data,
    logDensity: (theta) => logBoxPrior(prior, { data: theta, numRows: theta.length / thetaDim, numCols: thetaDim }),
  };
}
