import type { Task } from '../benchmarks/task';
import { Rng } from '../core/rng';
import { trainingProblemFor } from './training-problem';
import type { OracleEssCurve } from '../protocol/payloads';
import { exactScores } from './oracle-scores';
import { essFractionCurve } from './snis';

/** One oracle ESS curve: exact log p(x | θ) ('b-oracle') or exact log p(x | θ) − log p(x) ('b-oracle-nre'). */
/**
 * ESS(β)/N of Route B's weights with exact scores on n prior-predictive draws (DESIGN.md §4's
 * oracles): sᵢ = log p(xᵢ | θᵢ) ('b-oracle'), and sᵢ = log p(xᵢ | θᵢ) − log p(xᵢ) ('b-oracle-nre')
 * where the task knows p(x) exactly. The base set is simulated as Route B simulates it with the
 * same seed, so for a model's card seed these are its simulations. A learned curve far below
 * these is the score network's error; a collapse these share is the method's limit.
 */
export function oracleEssCurves(task: Task, numSimulations: number, seed: number): OracleEssCurve[] {
  const problem = trainingProblemFor(task);
  if (!problem.logLikelihood) throw new Error(`oracle ESS: expected a task with an exact likelihood, got ${task.id} (it has none)`);
  const { theta, x } = problem.simulateJoint(numSimulations, Rng.fromSeed(seed).split());
  const forms = problem.logEvidence ? (['oracle', 'oracle-nre'] as const) : (['oracle'] as const);
  return forms.map((form) => ({ route: form === 'oracle' ? 'b-oracle' : 'b-oracle-nre', ...essFractionCurve(exactScores(problem, theta, x, form), task.betaDomain) }));
}
