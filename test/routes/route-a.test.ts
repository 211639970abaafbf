import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { tf } from '../../src/nn/tf';
import { fitJointScore, synthesizeTriples } from '../../src/routes/route-a';
import { trainingProblemFor } from '../../src/routes/training-problem';
import { useFastBackend } from '../helpers/nn';

/** (θ, x) rows side by side: [n, dθ + dx]. */
function joint(theta: Float64Array, x: Float64Array, thetaDim: number, xDim: number) {
  const n = theta.length / thetaDim;
  const data = new Float64Array(n * (thetaDim + xDim));
  for (let i = 0; i < n; i++) {
    data.set(theta.subarray(i * thetaDim, (i + 1) * thetaDim), i * (thetaDim + xDim));
    data.set(x.subarray(i * xDim, (i + 1) * xDim), i * (thetaDim + xDim) + thetaDim);
  }
  return { data, numRows: n, numCols: thetaDim + xDim };
}

describe('Route A on the Gaussian mixture (small networks)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should leave the base joint nearly invariant at β = 1 (C2ST against fresh simulations ≤ 0.6), with every θ in the box', async () => {
    const problem = trainingProblemFor(getTask('gaussian_mixture'));
    const rng = Rng.fromSeed(21);
    const { theta, x } = problem.simulateJoint(3000, rng.split());
    const before = tf.memory().numTensors;
    const score = await fitJointScore(
      problem,
      theta,
      x,
      { noise: { levels: 10, gammaMin: 0.01, gammaMax: 1 }, scoreWidth: 64, scoreBlocks: 2, scoreEpochs: 60, scoreLearningRate: 2e-3, seed: 21, batchSize: 256 },
      rng,
    );
    const triples = await synthesizeTriples(problem, theta, x, score, { numTriples: 2000, betas: [1], sigmaStar: null, steps: 100, firstStepRelative: 0.5, lastStepRelative: 0.05, batchSize: 256 }, Rng.fromSeed(5));
    score.network.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(triples.numDropped).toBe(0);
    expect(triples.theta.every((value) => value >= -1 && value <= 1)).toBe(true);
    const fresh = problem.simulateJoint(2000, Rng.fromSeed(22));
    const { accuracy } = c2st(joint(fresh.theta, fresh.x, 2, 2), joint(triples.theta, triples.x, 2, 2), { seed: 3 });
    expect(accuracy).toBeLessThanOrEqual(0.6);
  }, 120_000);
});
