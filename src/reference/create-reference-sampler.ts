import type { Task } from '../benchmarks/task';
import { Rng } from '../core/rng';
import { MAX_REFERENCE_DRAWS } from '../core/limits';
import { assertPositiveInteger } from '../core/validate';
import { sampleBoxPrior } from '../benchmarks/box-prior';
import { GaussianMixtureRejection } from './gaussian-mixture-rejection';
import { LikelihoodGrid } from './grid-posterior';
import { ladderTemperatures, ParallelTempering, SLCP_TEMPERING } from './parallel-tempering';
import { RandomWalkMh } from './random-walk-mh';
import type { ReferenceSampler } from './sampler';
import { checkBeta, checkObservation, logTemperedTarget } from './tempered-target';

/**
 * The two Two Moons chain starts, one strictly on each side of θ₁ + θ₂ = 0: the grid mode and
 * its mirror (−θ₂, −θ₁), nudged off the diagonal when the mode lies on it.
 * @returns [start with θ₁ + θ₂ < 0, start with θ₁ + θ₂ > 0]
 */
export function twoMoonsStarts(mode: Float64Array): [Float64Array, Float64Array] {
  const mirror = Float64Array.of(-mode[1]!, -mode[0]!);
  const sum = mode[0]! + mode[1]!;
  if (Math.abs(sum) < 1e-6) {
    return [Float64Array.of(mode[0]! - 1e-3, mode[1]! - 1e-3), Float64Array.of(mode[0]! + 1e-3, mode[1]! + 1e-3)];
  }
  return sum < 0 ? [mode, mirror] : [mirror, mode];
}

/** The last Two Moons grid mode, by observation: it does not depend on β, so a β sweep reuses it. */
let lastMode: { key: string; mode: Float64Array } | null = null;

function twoMoonsMode(task: Task, x: Float64Array): Float64Array {
  const key = Array.from(x).join(',');
  if (lastMode?.key !== key) lastMode = { key, mode: new LikelihoodGrid(task, { data: x, numRows: 1, numCols: x.length }).mode() };
  return Float64Array.from(lastMode.mode);
}

export { MAX_REFERENCE_DRAWS };

/** Two Moons' known modes: the two crescents, mirror images across θ₁ + θ₂ = 0. */
export const TWO_MOONS_CRESCENTS = [
  { name: 'crescent θ₁+θ₂ > 0', contains: (theta: Float64Array) => theta[0]! + theta[1]! > 0 },
  { name: 'crescent θ₁+θ₂ < 0', contains: (theta: Float64Array) => theta[0]! + theta[1]! < 0 },
];

/** SLCP's known modes: the four sign quadrants of (θ₃, θ₄). */
export const SLCP_SIGN_MODES = [
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
].map(([s3, s4]) => ({
  name: `θ₃ ${s3! > 0 ? '>' : '<'} 0, θ₄ ${s4! > 0 ? '>' : '<'} 0`,
  contains: (theta: Float64Array) => Math.sign(theta[2]!) === s3 && Math.sign(theta[3]!) === s4,
}));

/**
 * SLCP's sign symmetry: x depends on θ₃ and θ₄ only through θ₃² and θ₄², and the prior box is
 * symmetric, so every kept draw gets fair sign flips there (ParallelTempering's `signSymmetry`),
 * from stream 13 of the run's seed.
 */
function slcpSignSymmetry(seed: number) {
  return { coordinates: [2, 3], rng: Rng.fromSeed(seed, 13) };
}

/**
 * The reference sampler DESIGN.md §3 fixes for each task, set up for p_β(θ | xObs) and
 * `numDraws` kept draws:
 * - Gaussian mixtures: exact rejection;
 * - Two Moons: random-walk MH, two chains from the grid mode and its mirror (−θ₂, −θ₁),
 *   10 000 burn-in, thin 2, numDraws/2 kept per chain, adapted to acceptance 0.3. The
 *   posterior is exactly symmetric under θ ↦ (−θ₂, −θ₁) (the likelihood is, and so is the
 *   box), so each crescent holds mass ½: each chain is confined to its own side of
 *   θ₁ + θ₂ = 0, and the pooled draws stay exact even at small β, where an adapted step is
 *   wide enough to hop the gap between crescents and strand both chains on one side;
 * - SLCP: parallel tempering (200 replicas, 5 000 burn-in, cold chain kept), each kept draw
 *   given fair sign flips of θ₃ and θ₄ (the posterior is symmetric in both: `slcpSignSymmetry`);
 * - Lorenz-96: random-walk MH from the best of 1 500 prior draws, steps of one sixth of each
 *   prior width, 6 000 tuning iterations to acceptance 0.3, then numDraws kept.
 * Bad β, observation or count is an Error saying what was expected and what arrived.
 */
export function createReferenceSampler(
  task: Task,
  xObs: ArrayLike<number>,
  beta: number,
  numDraws: number,
  seed: number,
): ReferenceSampler {
  checkBeta(beta);
  const x = checkObservation(task, xObs);
  assertPositiveInteger('numDraws', numDraws);
  if (numDraws > MAX_REFERENCE_DRAWS) {
    throw new Error(`numDraws: expected at most ${MAX_REFERENCE_DRAWS}, got ${numDraws}`);
  }
  const rng = Rng.fromSeed(seed, 11);
  switch (task.id) {
    case 'gaussian_mixture':
    case 'gaussian_mixture_wide':
      return new GaussianMixtureRejection(task, x, beta, numDraws, rng);
    case 'two_moons': {
      const [below, above] = twoMoonsStarts(twoMoonsMode(task, x.data));
      return new RandomWalkMh(
        task,
        x,
        beta,
        {
          starts: [below, above],
          regions: [(theta) => theta[0]! + theta[1]! < 0, (theta) => theta[0]! + theta[1]! > 0],
          stepSizes: Float64Array.of(0.02, 0.02),
          numBurnIn: 10_000,
          numKeptPerChain: Math.ceil(numDraws / 2),
          thin: 2,
          targetAcceptance: 0.3,
          modes: TWO_MOONS_CRESCENTS,
        },
        rng,
      );
    }
    case 'slcp':
      return new ParallelTempering(task, x, beta, { ...SLCP_TEMPERING, numKept: numDraws, modes: SLCP_SIGN_MODES, signSymmetry: slcpSignSymmetry(seed) }, rng);
    case 'lorenz96': {
      const draws = sampleBoxPrior(task, 1500, rng);
      const logTargets = logTemperedTarget(task, x, beta, draws);
      let best = 0;
      for (let i = 1; i < draws.numRows; i++) if (logTargets[i]! > logTargets[best]!) best = i;
      const d = task.thetaDim;
      return new RandomWalkMh(
        task,
        x,
        beta,
        {
          starts: [draws.data.slice(best * d, (best + 1) * d)],
          stepSizes: Float64Array.from({ length: d }, (_, j) => (task.thetaHigh[j]! - task.thetaLow[j]!) / 6),
          numBurnIn: 6000,
          numKeptPerChain: numDraws,
          thin: 1,
          targetAcceptance: 0.3,
        },
        rng,
      );
    }
    case 'hodgkin_huxley':
      throw new Error(`reference sampler: expected a task with a tractable likelihood, got ${task.id} (its likelihood is intractable: only the neural posteriors answer)`);
  }
}

/** Draws kept per rung of a page-ladder run, and iterations between two kept draws. */
export const LADDER_DRAWS_PER_RUNG = 4000;
const LADDER_THIN = 2;

/**
 * One parallel-tempering run whose kept chains are the page's β ladder (DESIGN.md §3, live
 * mode): the geometric ladder from 0.01 to the top of the task's β domain with every rung of
 * `ladder` added as a temperature, `numDraws` draws kept per rung (one every other iteration
 * after burn-in). Only for the tasks whose reference is parallel tempering (SLCP).
 * @param ladder ascending, inside the task's β domain
 */
export function createLadderReferenceSampler(task: Task, xObs: ArrayLike<number>, ladder: readonly number[], numDraws: number, seed: number): ParallelTempering {
  if (task.id !== 'slcp') throw new Error(`reference ladder: expected a task whose reference sampler is parallel tempering (slcp), got ${task.id}`);
  const x = checkObservation(task, xObs);
  ladder.forEach(checkBeta);
  assertPositiveInteger('numDraws', numDraws);
  const [low, high] = task.betaDomain;
  const outside = ladder.find((beta) => beta < low || beta > high);
  if (outside !== undefined) throw new Error(`reference ladder: expected every β in the task's domain [${low}, ${high}], got ${outside}`);
  const temperatures = ladderTemperatures(ladder, high, SLCP_TEMPERING);
  const target = ladder.includes(1) ? 1 : ladder[ladder.length - 1]!;
  return new ParallelTempering(
    task,
    x,
    target,
    { ...SLCP_TEMPERING, numKept: numDraws, thin: LADDER_THIN, temperatures, keptBetas: ladder, modes: SLCP_SIGN_MODES, signSymmetry: slcpSignSymmetry(seed) },
    Rng.fromSeed(seed, 12),
  );
}
