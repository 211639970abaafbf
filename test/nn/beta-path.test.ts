import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { BetaPath } from '../../src/nn/beta-path';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { tf } from '../../src/nn/tf';
import { TEST_ESTIMATORS, useFastBackend } from '../helpers/nn';

/** An untrained β-conditioned posterior over a box, with a 12-column x embedded to 4 features (weights random: every layer matters). */
function model(estimator: (typeof TEST_ESTIMATORS)[number], embedded: boolean): ConditionalDensity {
  const contextDim = embedded ? 12 : 3;
  return new ConditionalDensity(
    {
      estimator,
      outputDim: 2,
      output: { kind: 'box', low: [-1, -2], high: [1, 2] },
      contextDim,
      context: { keepColumns: Array.from({ length: contextDim }, (_, k) => k), mean: new Array(contextDim).fill(0.1), std: new Array(contextDim).fill(2) },
      embedding: embedded ? { width: 16, numBlocks: 1, outputDim: 4 } : null,
      conditionOnBeta: true,
    },
    Rng.fromSeed(7),
  );
}

describe('a β path (the ladder of one observation)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it.each(TEST_ESTIMATORS.flatMap((estimator) => [false, true].map((embedded) => [estimator.kind, embedded, estimator] as const)))(
    'should give, for a %s (embedding: %s), the draws model.sample gives at each β with the same seed, and leave no tensors behind',
    async (kind, embedded, estimator) => {
      const q = model(estimator, embedded);
      const x = Array.from({ length: embedded ? 12 : 3 }, (_, k) => 0.3 * k - 0.5);
      const before = tf.memory().numTensors;
      const path = new BetaPath(q, x, 200, 11);
      expect(path.continuous).toBe(kind !== 'mdn');
      const betas = [0.1, 0.7, 1.5];
      const ladder = await path.drawAt(betas);
      for (const [k, beta] of betas.entries()) {
        const exact = await q.sample(x, 200, Rng.fromSeed(11), beta);
        const rung = ladder.subarray(k * 400, (k + 1) * 400);
        // The shares path reorders float32 sums (the first layer split in two): within float32 rounding.
        expect(Math.max(...Array.from(exact, (v, i) => Math.abs(v - rung[i]!)))).toBeLessThan(1e-4);
      }
      path.dispose();
      expect(tf.memory().numTensors).toBe(before);
      q.dispose();
    },
    30_000,
  );
});
