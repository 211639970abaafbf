import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
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
