import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataStructure } from '../../src/benchmarks/metadata/task-metadata';
import { Rng } from '../../src/core/rng';
import { createEmbedding, withDrawMoments } from '../../src/nn/embedding';
import type { Tensor3D } from '../../src/nn/tf';
import { type Tensor2D, tf } from '../../src/nn/tf';
import { fitPooledEncoding } from '../../src/nn/transforms';
import { useFastBackend } from '../helpers/nn';

/** The embedding of each row of x [n, width], read back as rows of outputDim. */
async function embedRows(apply: (x: Tensor2D) => Tensor2D, x: Float32Array, width: number): Promise<Float32Array> {
  const out = tf.tidy(() => apply(tf.tensor2d(x, [x.length / width, width])));
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

/** A random permutation of 0…m−1. */
function permutation(m: number, rng: Rng): number[] {
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = m - 1; i > 0; i--) {
    const j = rng.integerBelow(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

describe('structure-aware embeddings (issue 19)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it.each([false, true])('should give the same output for every order of exchangeable draws, and different output for different draws (moments: %s)', async (moments) => {
    const [numDraws, drawDim, outputDim] = [4, 2, 6];
    const embedding = createEmbedding({ kind: 'exchangeable', numDraws, drawDim, width: 16, numBlocks: 1, outputDim, moments }, numDraws * drawDim, Rng.fromSeed(1));
    const rng = Rng.fromSeed(2);
    const before = tf.memory().numTensors;
    const x = Float32Array.from({ length: 3 * numDraws * drawDim }, () => rng.normal());
    const reference = await embedRows((t) => embedding.apply(t), x, numDraws * drawDim);
    // Every one of the 24 orders of the four draws, applied to every row.
    const orders = [[0, 1, 2, 3]];
    for (let k = 0; k < 40; k++) orders.push(permutation(numDraws, rng));
    for (const order of orders) {
      const permuted = new Float32Array(x.length);
      for (let row = 0; row < 3; row++) order.forEach((from, to) => permuted.set(x.subarray(row * 8 + from * drawDim, row * 8 + (from + 1) * drawDim), row * 8 + to * drawDim));
      const out = await embedRows((t) => embedding.apply(t), permuted, numDraws * drawDim);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(reference[i]!, 5);
    }
    // Not constant: moving one coordinate of one draw changes the embedding.
    const moved = x.slice();
    moved[0]! += 1;
    const changed = await embedRows((t) => embedding.apply(t), moved, 8);
    expect(Math.max(...Array.from(changed.subarray(0, outputDim), (v, i) => Math.abs(v - reference[i]!)))).toBeGreaterThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
    embedding.variables.forEach((v) => v.dispose());
  });

  it("should give each draw its set's moments: [x_j, (x_j − x̄)/s, log s], checked in float64", async () => {
    const [n, m, d] = [3, 4, 2];
    const rng = Rng.fromSeed(5);
    const x = Float64Array.from({ length: n * m * d }, () => 2 * rng.normal() + 1);
    // The third set is one point repeated: its spread is the floor, its deviations 0.
    for (let j = 1; j < m; j++) x.copyWithin(2 * m * d + j * d, 2 * m * d, 2 * m * d + d);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => withDrawMoments(tf.tensor3d(Float32Array.from(x), [n, m, d]) as Tensor3D));
    expect(out.shape).toEqual([n, m, 3 * d]);
    const values = await out.data();
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (let row = 0; row < n; row++) {
      for (let c = 0; c < d; c++) {
        const column = Array.from({ length: m }, (_, j) => x[row * m * d + j * d + c]!);
        const mean = column.reduce((a, b) => a + b) / m;
        const spread = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / m + 1e-8);
        for (let j = 0; j < m; j++) {
          const at = (row * m + j) * 3 * d;
          expect(values[at + c]).toBeCloseTo(column[j]!, 5);
          expect(values[at + d + c]).toBeCloseTo((column[j]! - mean) / spread, 3);
          expect(values[at + 2 * d + c]).toBeCloseTo(Math.log(spread), 3);
        }
      }
    }
  });

  it('should pool the transitions (x_t, x_t+1) of a trajectory: the same output for every order of its pairs', async () => {
    const [numStates, stateDim, outputDim] = [6, 3, 5];
    const spec = { kind: 'transitions', numStates, stateDim, width: 16, numBlocks: 1, outputDim } as const;
    const embedding = createEmbedding(spec, numStates * stateDim, Rng.fromSeed(3));
    // A second embedding with the same weights, read as exchangeable pairs: its "draws" are the
    // trajectory's transition pairs laid out in any order.
    const pairs = createEmbedding({ kind: 'exchangeable', numDraws: numStates - 1, drawDim: 2 * stateDim, width: 16, numBlocks: 1, outputDim }, (numStates - 1) * 2 * stateDim, Rng.fromSeed(3));
    const rng = Rng.fromSeed(4);
    const trajectory = Float32Array.from({ length: numStates * stateDim }, () => rng.normal());
    const fromTrajectory = await embedRows((t) => embedding.apply(t), trajectory, numStates * stateDim);
    for (let k = 0; k < 20; k++) {
      const order = permutation(numStates - 1, rng);
      const laidOut = new Float32Array((numStates - 1) * 2 * stateDim);
      order.forEach((t, slot) => {
        laidOut.set(trajectory.subarray(t * stateDim, (t + 1) * stateDim), slot * 2 * stateDim);
        laidOut.set(trajectory.subarray((t + 1) * stateDim, (t + 2) * stateDim), slot * 2 * stateDim + stateDim);
      });
      const fromPairs = await embedRows((t) => pairs.apply(t), laidOut, laidOut.length);
      for (let i = 0; i < outputDim; i++) expect(fromPairs[i]).toBeCloseTo(fromTrajectory[i]!, 5);
    }
    // Time order matters within a pair: the reversed trajectory has other transitions.
    const reversed = new Float32Array(trajectory.length);
    for (let t = 0; t < numStates; t++) reversed.set(trajectory.subarray(t * stateDim, (t + 1) * stateDim), (numStates - 1 - t) * stateDim);
    const backwards = await embedRows((t) => embedding.apply(t), reversed, reversed.length);
    expect(Math.max(...Array.from(backwards, (v, i) => Math.abs(v - fromTrajectory[i]!)))).toBeGreaterThan(1e-3);
    [...embedding.variables, ...pairs.variables].forEach((v) => v.dispose());
  });

  it('should encode every draw alike (pooled z-scores), so a permuted x encodes as the permuted encoding', () => {
    const rng = Rng.fromSeed(5);
    const rows = Float64Array.from({ length: 200 * 6 }, (_, k) => (k % 2 === 0 ? 3 + rng.normal() : -1 + 2 * rng.normal()));
    const encoding = fitPooledEncoding(rows, 3, 2);
    expect(encoding.keepColumns).toEqual([0, 1, 2, 3, 4, 5]);
    expect(encoding.mean.filter((_, c) => c % 2 === 0).every((m) => m === encoding.mean[0])).toBe(true);
    expect(encoding.mean[0]).toBeCloseTo(3, 0);
    expect(encoding.std[1]).toBeCloseTo(2, 0);
    expect(() => fitPooledEncoding(new Float64Array(12).fill(1), 3, 2)).toThrow(/expected column 0 of each group to vary, got a constant 1/);
  });

  it('should refuse a declaration that does not match the data\'s width, naming both', () => {
    expect(() => createEmbedding({ kind: 'exchangeable', numDraws: 4, drawDim: 2, width: 8, numBlocks: 1, outputDim: 4 }, 10, Rng.fromSeed(1))).toThrow(
      'exchangeable embedding: expected 4 draws × 2 columns = 8 encoded columns, got 10',
    );
    expect(() => checkDataStructure({ kind: 'trajectory', numStates: 21, stateDim: 8 }, 160, 'task lorenz96')).toThrow(
      'task lorenz96: expected the trajectory declaration (21 states × 8 columns = 168) to match x\'s width, got x of 160 columns',
    );
    expect(() => checkDataStructure({ kind: 'exchangeable', numDraws: 1, drawDim: 8 }, 8, 'task slcp')).toThrow(/expected an exchangeable declaration of at least 2 draws of at least 1 column, got 1 draws of 8/);
    expect(() => checkDataStructure({ kind: 'exchangeable', numDraws: 4, drawDim: 2 }, 8, 'task slcp')).not.toThrow();
  });
});
