import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { ConditionalDensity, LOG_PROB_ROWS } from '../../src/nn/conditional-density';
import { sampleFlow } from '../../src/nn/flow-base';
import { SplineFlow } from '../../src/nn/spline-flow';
import { tf } from '../../src/nn/tf';
import { useFastBackend } from '../helpers/nn';

describe('spline flow edges', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should give a finite log-density and gradient at and beyond the spline interval [−B, B]', () => {
    const flow = new SplineFlow(2, 1, { numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 16, numBlocks: 1 }, Rng.fromSeed(1));
    const edges = [-10, -5, -5 * (1 - 1e-7), -4.999, 0, 4.999, 5 * (1 - 1e-7), 5, 10];
    const y = tf.tensor2d(edges.flatMap((a) => edges.map((b) => [a, b])).flat(), [edges.length ** 2, 2]);
    const context = tf.zeros([edges.length ** 2, 1]) as tf.Tensor2D;
    const logProb = flow.logProb(y, context);
    expect(Array.from(logProb.dataSync()).every(Number.isFinite)).toBe(true);
    const { grads } = tf.variableGrads(() => tf.mean(flow.logProb(y, context)) as tf.Scalar, [...flow.variables]);
    for (const grad of Object.values(grads)) expect(grad.dataSync().every(Number.isFinite)).toBe(true);
    tf.dispose([y, context, logProb, ...Object.values(grads)]);
    flow.dispose();
  });
});

describe('draws and densities in slices (refinement asks for 10⁵ at once)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should give the same draws whatever the slice size, contexts kept with their rows, and no tensors left', async () => {
    const context = tf.tensor2d([[1], [-2], [5]]);
    const before = tf.memory().numTensors;
    const toData = (z: tf.Tensor2D, contexts: tf.Tensor2D) => tf.add(tf.mul(z, 2), contexts) as tf.Tensor2D;
    const whole = await sampleFlow(context, 50, 2, Rng.fromSeed(3), toData, 1_000_000);
    const sliced = await sampleFlow(context, 50, 2, Rng.fromSeed(3), toData, 7);
    expect(sliced).toEqual(whole);
    // Rows of one context together: row 60 belongs to the second context (−2).
    const noise = Rng.fromSeed(3);
    const normals = Array.from({ length: 300 }, () => noise.normal());
    expect(sliced[120]).toBeCloseTo(2 * normals[120]! - 2, 5);
    expect(tf.memory().numTensors).toBe(before);
    context.dispose();
  });

  it('should score more rows than one slice holds exactly as it scores them a few at a time', async () => {
    const q = new ConditionalDensity(
      {
        estimator: { kind: 'spline-flow', numTransforms: 2, numBins: 4, tailBound: 5, hiddenWidth: 8, numBlocks: 1 },
        outputDim: 2,
        output: { kind: 'box', low: [-1, -1], high: [1, 1] },
        contextDim: 1,
        context: { keepColumns: [0], mean: [0], std: [1] },
        embedding: null,
        conditionOnBeta: true,
      },
      Rng.fromSeed(5),
    );
    const n = LOG_PROB_ROWS + 100;
    const rng = Rng.fromSeed(6);
    const theta = Float64Array.from({ length: 2 * n }, () => rng.uniformIn(-0.99, 0.99));
    const before = tf.memory().numTensors;
    const all = await q.logProb(theta, [0.3], 0.5);
    const around = LOG_PROB_ROWS - 3;
    const few = await q.logProb(theta.subarray(2 * around, 2 * (around + 6)), [0.3], 0.5);
    expect(Array.from(all.subarray(around, around + 6))).toEqual(Array.from(few));
    expect(all.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    q.dispose();
  });
});
