import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import type { RouteId } from '../../src/core/route-ids';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { deserializeModel, serializeModel } from '../../src/nn/serialize';
import { tf } from '../../src/nn/tf';
import { trainingProblemFor } from '../../src/routes/training-problem';
import { trainRoute } from '../../src/routes/train-route';
import { useFastBackend } from '../helpers/nn';

/**
 * The contract every route keeps (issue 21), on a tiny budget: it trains, its posterior saves and
 * loads with the same density, draws inside the prior box at any β of the domain, and neither
 * training nor drawing leaves a tensor behind. Each route's own tests check what it learns.
 */
const ROUTES: readonly RouteId[] = ['a', 'b-nle', 'b-nre', 'b-oracle', 'b-oracle-nre', 'npe'];
const task = getTask('gaussian_mixture');
const problem = trainingProblemFor(task);
const card = { task: task.id, route: '', budget: 300, seed: 5, commit: 'test', createdAt: '2026-12-07T00:00:00Z', backend: 'wasm', trainingSeconds: 0, validationLoss: null, extra: {} };

beforeAll(async () => {
  await useFastBackend();
});

describe.each(ROUTES)('route %s', (route) => {
  it('should train on 300 simulations, save and load with the same density, draw inside the box at both ends of the β domain, and leave no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const trained = await trainRoute(problem, route, { numSimulations: 300, seed: 5, maxEpochs: 2 });
    expect(trained.cancelled).toBe(false);
    expect(Number.isFinite(trained.validationLoss)).toBe(true);
    expect(trained.scoreNetworks.length).toBe(route === 'b-nle' || route === 'b-nre' ? 2 : 0);

    const saved = await serializeModel(trained.posterior, { ...card, route });
    const loaded = deserializeModel(saved.manifest, saved.weights, `${route} test model`).model;
    expect(loaded).toBeInstanceOf(ConditionalDensity);
    const posterior = loaded as ConditionalDensity;
    const x = task.observations[0]!.x;
    const [low, high] = task.betaDomain;
    for (const beta of [low, high]) {
      const draws = await posterior.sample(x, 200, Rng.fromSeed(7), beta);
      expect(draws).toHaveLength(200 * task.thetaDim);
      for (let i = 0; i < draws.length; i++) {
        const j = i % task.thetaDim;
        expect(draws[i]!).toBeGreaterThanOrEqual(task.thetaLow[j]!);
        expect(draws[i]!).toBeLessThanOrEqual(task.thetaHigh[j]!);
      }
      const context = Array.from({ length: 50 }, () => x).flat();
      const original = await trained.posterior.logProb(draws.subarray(0, 50 * task.thetaDim), context, beta);
      const reloaded = await posterior.logProb(draws.subarray(0, 50 * task.thetaDim), context, beta);
      for (let i = 0; i < 50; i++) {
        expect(Number.isFinite(original[i]!)).toBe(true);
        expect(reloaded[i]!).toBeCloseTo(original[i]!, 4);
      }
    }
    trained.posterior.dispose();
    posterior.dispose();
    for (const network of trained.scoreNetworks) network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
