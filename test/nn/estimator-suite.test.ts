import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import type { ConditionalDensity } from '../../src/nn/conditional-density';
import { deserializeModel, serializeModel } from '../../src/nn/serialize';
import { tf } from '../../src/nn/tf';
import { chiSquareQuantile, chiSquareStatistic } from '../helpers/stats';
import { fitDensity, TEST_ESTIMATORS, useFastBackend } from '../helpers/nn';

const CARD = { task: 'test', route: 'test', budget: 0, seed: 1, commit: 'test', createdAt: '2026-12-07T00:00:00.000Z', backend: 'wasm', trainingSeconds: 0, validationLoss: 0, extra: {} };

/**
 * A 2-D bimodal target in the box [−1, 1]²: θ = (±0.5, c/2) + 0.15 ε, with one context c. Every
 * estimator of the registry runs the same suite on it.
 */
function bimodalData(n: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const y = new Float64Array(2 * n);
  const context = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.uniformIn(-1, 1);
    context[i] = c;
    y[2 * i] = Math.max(-0.99, Math.min(0.99, (rng.uniform() < 0.5 ? -0.5 : 0.5) + 0.15 * rng.normal()));
    y[2 * i + 1] = Math.max(-0.99, Math.min(0.99, c / 2 + 0.15 * rng.normal()));
  }
  return { y, context };
}

describe.each(TEST_ESTIMATORS)('estimator $kind', (estimator) => {
  let model: ConditionalDensity;
  const box = { kind: 'box' as const, low: [-1, -1], high: [1, 1] };

  beforeAll(async () => {
    await useFastBackend();
    const { y, context } = bimodalData(4000, 1);
    ({ model } = await fitDensity({ estimator, y, outputDim: 2, context, contextDim: 1, output: box, epochs: 25 }));
  }, 60_000);

  afterAll(() => model.dispose());

  it('should integrate to 1 over the box (midpoint rule, 200² cells)', async () => {
    const m = 200;
    const h = 2 / m;
    const grid = new Float64Array(2 * m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) grid.set([-1 + (i + 0.5) * h, -1 + (j + 0.5) * h], 2 * (i * m + j));
    const logQ = await model.logProb(grid, [0.3]);
    const total = logQ.reduce((acc, value) => acc + Math.exp(value) * h * h, 0);
    expect(Math.abs(total - 1)).toBeLessThan(0.02);
  });

  it('should draw samples that follow its own density (χ² on 10 × 10 bins, α = 1e-3), inside the box', async () => {
    const n = 20_000;
    const samples = await model.sample([0.3], n, Rng.fromSeed(5));
    expect(samples.every((v) => v > -1 && v < 1)).toBe(true);
    const bins = 10;
    const counts = new Float64Array(bins * bins);
    for (let i = 0; i < n; i++) {
      const a = Math.min(bins - 1, Math.floor(((samples[2 * i]! + 1) / 2) * bins));
      const b = Math.min(bins - 1, Math.floor(((samples[2 * i + 1]! + 1) / 2) * bins));
      counts[a * bins + b]! += 1;
    }
    // Bin masses from the density on a 10 × 10 sub-grid per bin.
    const sub = 10;
    const h = 2 / (bins * sub);
    const points = new Float64Array(2 * (bins * sub) ** 2);
    for (let i = 0; i < bins * sub; i++) for (let j = 0; j < bins * sub; j++) points.set([-1 + (i + 0.5) * h, -1 + (j + 0.5) * h], 2 * (i * bins * sub + j));
    const logQ = await model.logProb(points, [0.3]);
    const masses = new Float64Array(bins * bins);
    logQ.forEach((value, k) => {
      const [i, j] = [Math.floor(k / (bins * sub)), k % (bins * sub)];
      masses[Math.floor(i / sub) * bins + Math.floor(j / sub)]! += Math.exp(value) * h * h;
    });
    const total = masses.reduce((a, b) => a + b, 0);
    const { statistic, df } = chiSquareStatistic(counts, masses.map((mass) => (mass / total) * n));
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });

  it('should capture both modes of the bimodal target (mass ½ ± 0.1 each)', async () => {
    const samples = await model.sample([0.3], 4000, Rng.fromSeed(6));
    let left = 0;
    for (let i = 0; i < 4000; i++) if (samples[2 * i]! < 0) left++;
    expect(Math.abs(left / 4000 - 0.5)).toBeLessThan(0.1);
  });

  it('should give the same logProb for any batch size', async () => {
    const y = Float64Array.of(0.1, 0.2, -0.5, 0.3, 0.4, -0.1, 0.9, 0.9, -0.3, 0.0);
    const all = await model.logProb(y, [0.1, 0.2, -0.3, 0.4, 0.5], undefined);
    for (let i = 0; i < 5; i++) {
      const one = await model.logProb(y.subarray(2 * i, 2 * i + 2), [[0.1, 0.2, -0.3, 0.4, 0.5][i]!]);
      expect(one[0]).toBeCloseTo(all[i]!, 4);
    }
  });

  it('should round-trip through save and load with identical logProb, and refuse a corrupt file', async () => {
    const { manifest, weights } = await serializeModel(model, CARD);
    const json = JSON.parse(JSON.stringify(manifest));
    const { model: loaded } = deserializeModel(json, weights.slice().buffer, 'memory');
    const y = Float64Array.of(0.1, 0.2, -0.5, 0.3);
    expect(await loaded.constructor.name).toBe('ConditionalDensity');
    expect(Array.from(await (loaded as ConditionalDensity).logProb(y, [0.2, 0.2]))).toEqual(Array.from(await model.logProb(y, [0.2, 0.2])));
    loaded.dispose();
    expect(() => deserializeModel(json, weights.slice(1), 'model-dir')).toThrow(/model-dir: expected \d+ weights \(\d+ bytes\), got \d+/);
    expect(() => deserializeModel({ ...json, format: 'other' }, weights, 'model-dir')).toThrow(`model-dir: format: expected "tempered-sbi-lab/model@1", got "other"`);
    const reshaped = { ...json, weights: json.weights.map((w: { shape: number[] }, i: number) => (i === 0 ? { shape: [w.shape[0], w.shape[1]! + 1] } : w)) };
    expect(() => deserializeModel(reshaped, weights, 'model-dir')).toThrow(/expected weight 0 of shape/);
    const nan = weights.slice();
    nan[3] = Number.NaN;
    expect(() => deserializeModel(json, nan, 'model-dir')).toThrow(/finite weights/);
  });

  it('should not leak tensors in logProb and sample', async () => {
    const before = tf.memory().numTensors;
    await model.logProb(Float64Array.of(0.1, 0.2), [0.3]);
    await model.sample([0.3], 10, Rng.fromSeed(1));
    expect(tf.memory().numTensors).toBe(before);
  });
});
