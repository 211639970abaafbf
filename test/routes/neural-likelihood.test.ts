import { beforeAll, describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { getTask } from '../../src/benchmarks/registry';
import { networkObservation } from '../../src/benchmarks/task';
import { Rng } from '../../src/core/rng';
import { tf } from '../../src/nn/tf';
import type { NeuralLikelihood } from '../../src/nn/neural-likelihood';
import { fitNeuralLikelihood } from '../../src/routes/neural-likelihood';
import { trainingProblemFor } from '../../src/routes/training-problem';
import { useFastBackend } from '../helpers/nn';

/**
 * Issue 10: a neural likelihood trained on Hodgkin–Huxley simulations (no exact likelihood to
 * compare with) must rank each fixed observation's true θ above 90 % of 1 000 prior draws.
 * A small model on 3 000 simulations here; `npm run cli -- bench --what hh-ranking` checks the
 * shipped model.
 */
describe('neural likelihood on Hodgkin–Huxley', () => {
  const task = getTask('hodgkin_huxley');
  const problem = trainingProblemFor(task);
  let likelihood: NeuralLikelihood;
  let tensorsAfterFit = 0;

  beforeAll(async () => {
    await useFastBackend();
    const rng = Rng.fromSeed(101);
    const { theta, x } = problem.simulateJoint(3000, rng);
    likelihood = await fitNeuralLikelihood(problem, theta, x, { hiddenWidth: 48, maxEpochs: 60, learningRate: 2e-3, batchSize: 128 }, rng);
    tensorsAfterFit = tf.memory().numTensors;
  }, 120_000);

  it('should rank every fixed observation\'s true θ above 90 % of 1 000 prior draws', async () => {
    const prior = sampleBoxPrior(task, 1000, Rng.fromSeed(202));
    const ranks: number[] = [];
    for (const observation of task.observations) {
      const x = networkObservation(task, observation.x);
      const repeated = new Float64Array(1001 * task.xDim);
      for (let i = 0; i < 1001; i++) repeated.set(x, i * task.xDim);
      const theta = new Float64Array(1001 * task.thetaDim);
      theta.set(observation.theta);
      theta.set(prior.data, task.thetaDim);
      const scores = await likelihood.logProb(theta, repeated);
      expect(scores.every(Number.isFinite)).toBe(true);
      let below = 0;
      for (let i = 1; i <= 1000; i++) if (scores[i]! < scores[0]!) below++;
      ranks.push(below / 1000);
    }
    expect(ranks.every((rank) => rank > 0.9), `ranks ${ranks.join(', ')}`).toBe(true);
    expect(tf.memory().numTensors).toBe(tensorsAfterFit);
  }, 60_000);
});
