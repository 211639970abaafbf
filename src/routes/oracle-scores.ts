import type { TrainingProblem } from './route';

/**
 * The oracle scores (DESIGN.md §4), exact and needing no fitting: log p(xᵢ | θᵢ) ('oracle', the
 * NLE form) or log p(xᵢ | θᵢ) − log p(xᵢ) ('oracle-nre', the NRE form). An Error names what the
 * problem lacks. @param theta [n, thetaDim] @param x [n, xDim] @returns [n]
 */
export function exactScores(problem: TrainingProblem, theta: Float64Array, x: Float64Array, form: 'oracle' | 'oracle-nre'): Float64Array {
  if (form === 'oracle') {
    if (!problem.logLikelihood) throw new Error(`route b-oracle: expected ${problem.id} to have an exact likelihood, got none`);
    return problem.logLikelihood(theta, x);
  }
  if (!problem.logLikelihood || !problem.logEvidence) {
    const missing = [problem.logLikelihood ? null : 'likelihood', problem.logEvidence ? null : 'evidence p(x)'].filter((part) => part !== null).join(' and ');
    throw new Error(`route b-oracle-nre: expected ${problem.id} to have an exact likelihood and evidence p(x), got no exact ${missing}`);
  }
  const logLikelihood = problem.logLikelihood(theta, x);
  const logEvidence = problem.logEvidence(x);
  return logLikelihood.map((value, i) => value - logEvidence[i]!);
}
