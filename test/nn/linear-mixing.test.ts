import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { LinearMixing } from '../../src/nn/linear-mixing';
import { SplineFlow } from '../../src/nn/spline-flow';
import { type Tensor2D, tf } from '../../src/nn/tf';
import { useFastBackend } from '../helpers/nn';

/** Sets every variable of a module to seeded normal values of scale `scale`. */
function randomise(variables: readonly tf.Variable[], seed: number, scale: number): void {
  const rng = Rng.fromSeed(seed);
  for (const variable of variables) {
    const values = tf.tensor(Float32Array.from({ length: variable.size }, () => scale * rng.normal()), variable.shape);
    variable.assign(values);
    values.dispose();
  }
}

/** log |det A| of a row-major d × d matrix by Gaussian elimination with partial pivoting, in float64. */
function logAbsDet(a: Float64Array, d: number): number {
  const m = Float64Array.from(a);
  let sum = 0;
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]!) > Math.abs(m[pivot * d + c]!)) pivot = r;
    for (let k = 0; k < d; k++) [m[c * d + k], m[pivot * d + k]] = [m[pivot * d + k]!, m[c * d + k]!];
    sum += Math.log(Math.abs(m[c * d + c]!));
    for (let r = c + 1; r < d; r++) {
      const f = m[r * d + c]! / m[c * d + c]!;
      for (let k = c; k < d; k++) m[r * d + k]! -= f * m[c * d + k]!;
    }
  }
  return sum;
}

describe('the learned linear mixing layer W = LU between coupling layers', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should invert exactly and report log |det W| equal to a float64 determinant of its matrix', async () => {
    const d = 5;
    const layer = new LinearMixing(d, 'test');
    randomise(layer.variables, 1, 0.5);
    const before = tf.memory().numTensors;
    const rng = Rng.fromSeed(2);
    const y = tf.tensor2d(Float32Array.from({ length: 7 * d }, () => rng.normal()), [7, d]);
    const identity = tf.eye(d) as Tensor2D;
    const [roundTrip, logDet, matrix] = tf.tidy(() => {
      const { u, logDet: ld } = layer.forward(y);
      return [layer.inverse(u), ld, layer.forward(identity).u]; // rows of I·Wᵀ: Wᵀ
    });
    const [back, original, det, wT] = await Promise.all([roundTrip.data(), y.data(), logDet.data(), matrix.data()]);
    back.forEach((value, i) => expect(value).toBeCloseTo(original[i]!, 4));
    expect(det[0]).toBeCloseTo(logAbsDet(Float64Array.from(wT), d), 4);
    tf.dispose([y, identity, roundTrip, logDet, matrix]);
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('should keep a spline flow with mixing a density: it integrates to 1 and its draws land where it puts mass', async () => {
    const flow = new SplineFlow(2, 1, { numTransforms: 3, numBins: 6, tailBound: 4, hiddenWidth: 8, numBlocks: 1, linearMixing: true }, Rng.fromSeed(3));
    expect(flow.variables.length).toBeGreaterThan(3 * 6); // the mixing layers' weights are saved with the rest
    randomise(flow.variables.slice(0, -9), 4, 0.1);
    randomise(flow.variables.slice(-9), 6, 0.6); // the 3 mixing layers: far from the identity
    // Midpoint rule on [−8, 8]² with 160² cells.
    const cells = 160;
    const h = 16 / cells;
    const grid = new Float32Array(2 * cells * cells);
    for (let i = 0; i < cells; i++) {
      for (let j = 0; j < cells; j++) grid.set([-8 + h * (j + 0.5), -8 + h * (i + 0.5)], 2 * (i * cells + j));
    }
    const logq = tf.tidy(() => flow.logProb(tf.tensor2d(grid, [cells * cells, 2]), tf.zeros([cells * cells, 1]) as Tensor2D));
    const values = (await logq.data()) as Float32Array;
    logq.dispose();
    const mass = values.reduce((acc, v) => acc + Math.exp(v) * h * h, 0);
    expect(mass).toBeGreaterThan(0.98);
    expect(mass).toBeLessThan(1.02);
    // Draws from fromBase are where logProb puts mass: the mean log-density at draws exceeds that at grid points around them.
    const draws = await flow.sample(tf.zeros([1, 1]) as Tensor2D, 4000, Rng.fromSeed(5));
    const atDraws = tf.tidy(() => flow.logProb(tf.tensor2d(draws, [4000, 2]), tf.zeros([4000, 1]) as Tensor2D));
    const drawValues = (await atDraws.data()) as Float32Array;
    atDraws.dispose();
    // E_q[log q] is the negative entropy; a Monte Carlo estimate from the grid must match it.
    const entropyFromGrid = -values.reduce((acc, v) => acc + Math.exp(v) * v * h * h, 0);
    const entropyFromDraws = -drawValues.reduce((acc, v) => acc + v, 0) / 4000;
    expect(Math.abs(entropyFromDraws - entropyFromGrid)).toBeLessThan(0.08);
    // The draws' moments match the density's on the grid (fromBase undoes every mixing layer).
    const gridMoment = (f: (a: number, b: number) => number) => values.reduce((acc, v, k) => acc + Math.exp(v) * f(grid[2 * k]!, grid[2 * k + 1]!) * h * h, 0);
    const drawMoment = (f: (a: number, b: number) => number) => Array.from({ length: 4000 }, (_, i) => f(draws[2 * i]!, draws[2 * i + 1]!)).reduce((acc, v) => acc + v, 0) / 4000;
    for (const f of [(a: number) => a, (_: number, b: number) => b, (a: number, b: number) => a * b, (a: number) => a * a]) expect(Math.abs(drawMoment(f) - gridMoment(f))).toBeLessThan(0.08);
    flow.dispose();
  });
});
