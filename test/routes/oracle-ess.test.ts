import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { oracleEssCurves } from '../../src/routes/oracle-ess';
import { trainingProblemFor } from '../../src/routes/training-problem';

/** ESS/N = (Σw)²/(N Σw²) with w = exp((β − 1)s), recomputed directly in float64. */
function directEssFraction(scores: Float64Array, beta: number): number {
  const logs = Array.from(scores, (s) => (beta - 1) * s);
  const max = Math.max(...logs);
  const weights = logs.map((value) => Math.exp(value - max));
  const sum = weights.reduce((acc, w) => acc + w, 0);
  return (sum * sum) / (scores.length * weights.reduce((acc, w) => acc + w * w, 0));
}

describe('oracle ESS curves', () => {
  it("equal the ESS of exact scores on Route B's base set, in both forms on Two Moons", () => {
    const task = getTask('two_moons');
    const curves = oracleEssCurves(task, 2000, 7);
    expect(curves.map((curve) => curve.route)).toEqual(['b-oracle', 'b-oracle-nre']);
    const problem = trainingProblemFor(task);
    const { theta, x } = problem.simulateJoint(2000, Rng.fromSeed(7).split());
    const nle = problem.logLikelihood!(theta, x);
    const evidence = problem.logEvidence!(x);
    const nre = nle.map((value, i) => value - evidence[i]!);
    for (const [curve, scores] of [
      [curves[0]!, nle],
      [curves[1]!, nre],
    ] as const) {
      for (const k of [0, 40, 100, 140]) expect(curve.essFraction[k]).toBeCloseTo(directEssFraction(scores, curve.betas[k]!), 10);
      const atOne = curve.betas.findIndex((beta) => Math.abs(beta - 1) < 0.011);
      expect(curve.essFraction[atOne]).toBeGreaterThan(0.99);
    }
  });

  it('give the NLE form only where p(x) is unknown (SLCP), and refuse a task without a likelihood', () => {
    expect(oracleEssCurves(getTask('slcp'), 500, 1).map((curve) => curve.route)).toEqual(['b-oracle']);
    expect(() => oracleEssCurves(getTask('hodgkin_huxley'), 500, 1)).toThrow(/expected a task with an exact likelihood, got hodgkin_huxley/);
  });
});
