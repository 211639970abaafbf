import type { RandomWalkRecipe, Task, TemperingRecipe } from '../benchmarks/task';
import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { MAX_REFERENCE_DRAWS } from '../core/limits';
import { assertPositiveInteger } from '../core/validate';
import { sampleBoxPrior } from '../benchmarks/box-prior';
import { GaussianMixtureRejection } from './gaussian-mixture-rejection';
import { LikelihoodGrid } from './grid-posterior';
import { ladderTemperatures, ParallelTempering } from './parallel-tempering';
import { RandomWalkMh } from './random-walk-mh';
import type { ReferenceSampler } from './sampler';
import { checkBeta, checkObservation, logTemperedTarget } from './tempered-target';

/**
 * The reference sampler DESIGN.md §3 fixes for a task, built from the recipe the task owns
 * (`TaskModel.reference`), set up for p_β(θ | xObs) and `numDraws` kept draws:
 * - `mixture-rejection` (the Gaussian mixtures): exact rejection;
 * - `random-walk` (Two Moons, Lorenz-96): random-walk MH, adapted during burn-in; Two Moons'
 *   two chains start at the exact grid posterior's mode and its mirror image, each confined to
 *   its side of the symmetry line; Lorenz-96's one chain at the best of 1 500 prior draws;
 * - `parallel-tempering` (SLCP): replica exchange, the cold chain kept, each kept draw given
 *   fair sign flips of the coordinates the posterior is symmetric in.
 * Bad β, observation or count is an Error saying what was expected and what arrived; so is a
 * task without a likelihood (Hodgkin–Huxley).
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
  const recipe = task.reference;
  if (!recipe) throw new Error(`reference sampler: expected a task with a tractable likelihood, got ${task.id} (its likelihood is intractable: only the neural posteriors answer)`);
  const rng = Rng.fromSeed(seed, 11);
  switch (recipe.kind) {
    case 'mixture-rejection':
      return new GaussianMixtureRejection(task, x, beta, numDraws, rng);
    case 'random-walk': {
      const starts = randomWalkStarts(task, recipe.start, x, beta, rng);
      return new RandomWalkMh(
        task,
        x,
        beta,
        {
          starts,
          ...(recipe.start.from === 'grid-mode' ? { regions: recipe.start.regions } : {}),
          stepSizes: initialStepSizes(task, recipe.steps),
          numBurnIn: recipe.numBurnIn,
          numKeptPerChain: Math.ceil(numDraws / starts.length),
          thin: recipe.thin,
          targetAcceptance: recipe.targetAcceptance,
          ...(recipe.modes ? { modes: recipe.modes } : {}),
        },
        rng,
      );
    }
    case 'parallel-tempering':
      return new ParallelTempering(task, x, beta, { ...temperingOptions(recipe, seed), numKept: numDraws }, rng);
  }
}

/** The random-walk chains' starts: from the exact grid posterior's mode (mirrored), or the best of many prior draws. */
function randomWalkStarts(task: Task, start: RandomWalkRecipe['start'], x: Matrix, beta: number, rng: Rng): readonly Float64Array[] {
  if (start.from === 'grid-mode') return start.mirroredStarts(new LikelihoodGrid(task, x).mode());
  const draws = sampleBoxPrior(task, start.numStartDraws, rng);
  const logTargets = logTemperedTarget(task, x, beta, draws);
  let best = 0;
  for (let i = 1; i < draws.numRows; i++) if (logTargets[i]! > logTargets[best]!) best = i;
  return [draws.data.slice(best * task.thetaDim, (best + 1) * task.thetaDim)];
}

/** The random walk's initial steps: the recipe's, or each prior width over `stepsPerPriorWidth`. */
function initialStepSizes(task: Task, steps: RandomWalkRecipe['steps']): Float64Array {
  if ('stepSizes' in steps) return Float64Array.from(steps.stepSizes);
  return Float64Array.from({ length: task.thetaDim }, (_, j) => (task.thetaHigh[j]! - task.thetaLow[j]!) / steps.stepsPerPriorWidth);
}

/** A parallel-tempering recipe's run options (without the run's own counts): the settings, its modes and sign flips from stream 13 of the seed. */
function temperingOptions(recipe: TemperingRecipe, seed: number) {
  return {
    ...recipe.tempering,
    ...(recipe.modes ? { modes: recipe.modes } : {}),
    ...(recipe.signFlips ? { signSymmetry: { coordinates: recipe.signFlips, rng: Rng.fromSeed(seed, 13) } } : {}),
  };
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
  const recipe = task.reference;
  if (recipe?.kind !== 'parallel-tempering') throw new Error(`reference ladder: expected a task whose reference sampler is parallel tempering (slcp), got ${task.id}`);
  const x = checkObservation(task, xObs);
  ladder.forEach(checkBeta);
  assertPositiveInteger('numDraws', numDraws);
  const [low, high] = task.betaDomain;
  const outside = ladder.find((beta) => beta < low || beta > high);
  if (outside !== undefined) throw new Error(`reference ladder: expected every β in the task's domain [${low}, ${high}], got ${outside}`);
  const temperatures = ladderTemperatures(ladder, high, recipe.tempering);
  const target = ladder.includes(1) ? 1 : ladder[ladder.length - 1]!;
  return new ParallelTempering(
    task,
    x,
    target,
    { ...temperingOptions(recipe, seed), numKept: numDraws, thin: LADDER_THIN, temperatures, keptBetas: ladder },
    Rng.fromSeed(seed, 12),
  );
}
