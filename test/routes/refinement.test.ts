import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { PARETO_K_LIMIT } from '../../src/core/limits';
import { refine, type RefinementPrior, type RefinementProposal } from '../../src/routes/refinement';

/** log N(v; mean, sd²). */
const logNormal = (v: number, mean: number, sd: number) => -0.5 * ((v - mean) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

/**
 * The conjugate toy of the importance-resampling tests, end to end through `refine`: θ ~ N(0, 1),
 * x | θ ~ N(θ, 1), exact likelihood as the learned score, p_β(θ | x) = N(βx/(1 + β), 1/(1 + β)).
 * The proposal and prior record every draw they hand out, so the weights can be recomputed in float64.
 */
const x = 1.2;
const beta = 0.5;
const exactMean = (beta * x) / (1 + beta);
const exactSd = Math.sqrt(1 / (1 + beta));

function gaussianProposal(mean: number, sd: number, handedOut: number[]): RefinementProposal {
  return {
    sample: async (n, rng) => {
      const draws = Float64Array.from({ length: n }, () => mean + sd * rng.normal());
      handedOut.push(...draws);
      return draws;
    },
    logDensity: async (theta) => theta.map((t) => logNormal(t, mean, sd)),
  };
}

function standardNormalPrior(handedOut: number[]): RefinementPrior {
  return {
    thetaDim: 1,
    sample: (n, rng) => {
      const draws = Float64Array.from({ length: n }, () => rng.normal());
      handedOut.push(...draws);
      return draws;
    },
    logDensity: (theta) => theta.map((t) => logNormal(t, 0, 1)),
  };
}

const exactScore = async (theta: Float64Array) => theta.map((t) => logNormal(x, t, 1));

describe('refine: sampling–importance–resampling from an amortized proposal (issue 19)', () => {
  it('should recover the tempered posterior from a shifted, wider proposal mixed with the prior, its ESS equal to a float64 recomputation with the mixture density', async () => {
    const [fromQ, fromPrior]: [number[], number[]] = [[], []];
    const [qMean, qSd, a] = [exactMean + 0.5 * exactSd, 1.5 * exactSd, 0.2];
    const refined = await refine(gaussianProposal(qMean, qSd, fromQ), standardNormalPrior(fromPrior), exactScore, { beta, n: 2000, proposalsPerDraw: 10, defensive: a }, Rng.fromSeed(1));
    expect(refined.numProposals).toBe(20_000);
    expect([fromQ.length, fromPrior.length]).toEqual([16_000, 4_000]);
    // Float64 recomputation: w = π(θ) p(x | θ)^β / ((1 − a) q(θ) + a π(θ)), every density by hand.
    const weights = [...fromQ, ...fromPrior].map((t) => {
      const target = Math.exp(logNormal(t, 0, 1) + beta * logNormal(x, t, 1));
      return target / ((1 - a) * Math.exp(logNormal(t, qMean, qSd)) + a * Math.exp(logNormal(t, 0, 1)));
    });
    const sum = weights.reduce((s, w) => s + w, 0);
    expect(refined.ess).toBeCloseTo(sum ** 2 / weights.reduce((s, w) => s + w * w, 0), 6);
    expect(refined.trustworthy).toBe(true);
    const rng = Rng.fromSeed(2);
    const exact = Float64Array.from({ length: 2000 }, () => exactMean + exactSd * rng.normal());
    expect(c2st({ data: exact, numRows: 2000, numCols: 1 }, { data: refined.theta, numRows: 2000, numCols: 1 }, { seed: 3 }).accuracy).toBeLessThanOrEqual(0.55);
  }, 60_000);

  it('should flag an under-dispersed proposal (a third of the target\'s scale) as untrustworthy, k̂ > 0.7', async () => {
    const refined = await refine(gaussianProposal(exactMean, exactSd / 3, []), standardNormalPrior([]), exactScore, { beta, n: 1000, proposalsPerDraw: 20, defensive: 0 }, Rng.fromSeed(4));
    expect(refined.paretoK).toBeGreaterThan(PARETO_K_LIMIT);
    expect(refined.trustworthy).toBe(false);
  });

  it.each([
    [{ proposalsPerDraw: 0, defensive: 0 }, 'refinement: expected proposals per draw k, an integer in [1, 1000], got 0'],
    [{ proposalsPerDraw: 2.5, defensive: 0 }, 'refinement: expected proposals per draw k, an integer in [1, 1000], got 2.5'],
    [{ proposalsPerDraw: 10, defensive: 1 }, 'refinement: expected a defensive prior share a in [0, 1), got 1'],
    [{ proposalsPerDraw: 10, defensive: -0.1 }, 'refinement: expected a defensive prior share a in [0, 1), got -0.1'],
  ])('should refuse %j, naming what was expected and what arrived', async (settings, message) => {
    await expect(refine(gaussianProposal(0, 1, []), standardNormalPrior([]), exactScore, { beta, n: 10, ...settings }, Rng.fromSeed(5))).rejects.toThrow(message);
  });

  it('should refuse a score that is NaN rather than let it weight a draw', async () => {
    const broken = async (theta: Float64Array) => theta.map((t, j) => (j === 3 ? Number.NaN : t));
    await expect(refine(gaussianProposal(0, 1, []), standardNormalPrior([]), broken, { beta, n: 10, proposalsPerDraw: 5, defensive: 0 }, Rng.fromSeed(6))).rejects.toThrow(/expected finite scores and proposal densities, got ŝ = NaN/);
  });
});
