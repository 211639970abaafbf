import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import type { NeuralLikelihood } from '../../src/nn/neural-likelihood';
import { fitNeuralLikelihood } from '../../src/routes/neural-likelihood';
import type { TrainingProblem } from '../../src/routes/route';
import { useFastBackend } from '../helpers/nn';

/**
 * A toy with four i.i.d. 2-D draws: θ ~ U([−2, 2]²), xⱼ ~ N(θ, diag(s₁², s₂²)), s₁ = 0.4 + 0.2(θ₁ + 2),
 * s₂ = 0.5 — SLCP's shape (exchangeable draws, a θ-dependent spread) with an easy likelihood.
 */
const NUM_DRAWS = 4;
function toyProblem(declared: boolean): TrainingProblem {
  return {
    id: 'iid-toy',
    thetaDim: 2,
    xDim: 2 * NUM_DRAWS,
    thetaOutput: { kind: 'box', low: [-2, -2], high: [2, 2] },
    constantXColumns: [],
    betaDomain: [0.1, 1.5],
    ...(declared ? { dataStructure: { kind: 'exchangeable', numDraws: NUM_DRAWS, drawDim: 2 } as const } : {}),
    simulateJoint(n: number, rng: Rng) {
      const theta = Float64Array.from({ length: 2 * n }, () => -2 + 4 * rng.uniform());
      const x = new Float64Array(n * 2 * NUM_DRAWS);
      for (let i = 0; i < n; i++) {
        const [a, b] = [theta[2 * i]!, theta[2 * i + 1]!];
        for (let j = 0; j < NUM_DRAWS; j++) {
          x[i * 8 + 2 * j] = a + (0.4 + 0.2 * (a + 2)) * rng.normal();
          x[i * 8 + 2 * j + 1] = b + 0.5 * rng.normal();
        }
      }
      return { theta, x };
    },
  };
}

/**
 * The rank of each held-out simulation's true θ under log q(x | θ) among 1 000 prior draws (the
 * fraction of prior draws scored lower), and their median.
 */
async function medianRank(likelihood: NeuralLikelihood, heldOut: { theta: Float64Array; x: Float64Array }, prior: Float64Array): Promise<number> {
  const n = heldOut.theta.length / 2;
  const ranks: number[] = [];
  for (let i = 0; i < n; i++) {
    const theta = new Float64Array(2 * 1001);
    theta.set(heldOut.theta.subarray(2 * i, 2 * i + 2));
    theta.set(prior, 2);
    const x = new Float64Array(8 * 1001);
    for (let r = 0; r < 1001; r++) x.set(heldOut.x.subarray(8 * i, 8 * i + 8), 8 * r);
    const scores = await likelihood.logProb(theta, x);
    let below = 0;
    for (let r = 1; r <= 1000; r++) if (scores[r]! < scores[0]!) below++;
    ranks.push(below / 1000);
  }
  ranks.sort((a, b) => a - b);
  return ranks[Math.floor(n / 2)]!;
}

describe('a factorised neural likelihood on i.i.d. draws (issue 19)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should rank held-out true θ at least as high as an unfactorised likelihood trained on five times the data', async () => {
    const settings = { hiddenWidth: 32, maxEpochs: 40, learningRate: 2e-3, batchSize: 128 };
    const small = toyProblem(true).simulateJoint(400, Rng.fromSeed(1));
    const large = toyProblem(false).simulateJoint(2000, Rng.fromSeed(2));
    const heldOut = toyProblem(true).simulateJoint(60, Rng.fromSeed(3));
    const prior = toyProblem(true).simulateJoint(1000, Rng.fromSeed(4)).theta;
    const factorised = await fitNeuralLikelihood(toyProblem(true), small.theta, small.x, settings, Rng.fromSeed(5));
    const joint = await fitNeuralLikelihood(toyProblem(false), large.theta, large.x, settings, Rng.fromSeed(5));
    expect(factorised.spec.factorised).toEqual({ numDraws: 4, drawDim: 2 });
    expect(factorised.spec.density.outputDim).toBe(2);
    expect(joint.spec.factorised).toBeNull();
    const [rankFactorised, rankJoint] = [await medianRank(factorised, heldOut, prior), await medianRank(joint, heldOut, prior)];
    console.log(JSON.stringify({ medianRankFactorised: rankFactorised, medianRankUnfactorised: rankJoint }));
    expect(rankFactorised).toBeGreaterThanOrEqual(rankJoint);
    // Its log q is the sum over draws of one 2-D density: the same for every order of the draws.
    const swapped = heldOut.x.slice(0, 8);
    swapped.set(heldOut.x.subarray(6, 8), 0);
    swapped.set(heldOut.x.subarray(0, 2), 6);
    const theta = heldOut.theta.slice(0, 2);
    const [a, b] = [await factorised.logProb(theta, heldOut.x.slice(0, 8)), await factorised.logProb(theta, swapped)];
    expect(a[0]).toBeCloseTo(b[0]!, 4);
    factorised.dispose();
    joint.dispose();
  }, 120_000);
});
