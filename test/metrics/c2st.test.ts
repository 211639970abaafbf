import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix';
import { normalCdf } from '../../src/core/normal';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { shuffledKFold } from '../../src/metrics/k-fold';
import { MlpClassifier, SKLEARN_MLP_DEFAULTS } from '../../src/metrics/mlp-classifier';
import { WasmMlpClassifier } from '../../src/metrics/wasm-mlp-classifier';

function normalSamples(n: number, d: number, shift: number, seed: number): Matrix {
  const rng = Rng.fromSeed(seed);
  return { data: Float64Array.from({ length: n * d }, (_, k) => rng.normal() + (k % d === 0 ? shift : 0)), numRows: n, numCols: d };
}

describe('C2ST', () => {
  // With 5 000 per side the accuracy's sampling error is about 0.005, so ±0.02 is 4 standard errors.
  it.each([0, 0.5, 1, 2])('should reach the Bayes accuracy Φ(Δ/2) ± 0.02 for 1-D Gaussians Δ = %s apart', (delta) => {
    const result = c2st(normalSamples(5000, 1, 0, 1), normalSamples(5000, 1, delta, 2), { seed: 3 });
    expect(Math.abs(result.accuracy - normalCdf(delta / 2))).toBeLessThan(0.02);
    expect(result.folds).toHaveLength(5);
    expect(result.folds.every((fold) => fold.converged)).toBe(true);
  });

  it('should score disjoint sets above 0.98', () => {
    const rng = Rng.fromSeed(4);
    const a = { data: Float64Array.from({ length: 2000 }, () => rng.uniform()), numRows: 1000, numCols: 2 };
    const b = { data: Float64Array.from({ length: 2000 }, () => 2 + rng.uniform()), numRows: 1000, numCols: 2 };
    expect(c2st(a, b, { seed: 5 }).accuracy).toBeGreaterThan(0.98);
  });

  it('should tell a ring from a Gaussian with the same mean and covariance (> 0.7)', () => {
    const rng = Rng.fromSeed(6);
    const n = 3000;
    const ring = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const angle = 2 * Math.PI * rng.uniform();
      const radius = Math.SQRT2 * (1 + 0.05 * rng.normal()); // E r² ≈ 2, so the covariance is ≈ I
      ring[2 * i] = radius * Math.cos(angle);
      ring[2 * i + 1] = radius * Math.sin(angle);
    }
    const result = c2st(normalSamples(n, 2, 0, 7), { data: ring, numRows: n, numCols: 2 }, { seed: 8 });
    expect(result.accuracy).toBeGreaterThan(0.7);
  });

  it('should give the same accuracy for the same seed', () => {
    const a = normalSamples(500, 2, 0, 9);
    const b = normalSamples(500, 2, 0.5, 10);
    expect(c2st(a, b, { seed: 11 }).accuracy).toBe(c2st(a, b, { seed: 11 }).accuracy);
  });

  it.each([
    ['different dimensions', normalSamples(50, 2, 0, 1), normalSamples(50, 3, 0, 2), /same number of columns.*got 2 \(reference\) and 3 \(candidate\)/],
    ['fewer than 10 rows', normalSamples(50, 2, 0, 1), normalSamples(9, 2, 0, 2), /at least 10 candidate samples, got 9/],
    ['a NaN row', normalSamples(50, 2, 0, 1), { data: Float64Array.from({ length: 40 }, (_, k) => (k === 13 ? Number.NaN : k)), numRows: 20, numCols: 2 }, /finite candidate samples, got NaN in row 7, column 2/],
  ])('should reject %s with a clear error', (_, a, b, message) => {
    expect(() => c2st(a, b, { seed: 1 })).toThrow(message);
  });
});

describe('C2ST classifier', () => {
  it('should train the same in WebAssembly as the TypeScript reference', () => {
    const d = 3;
    const n = 600;
    const rng = Rng.fromSeed(12);
    const features = Float64Array.from({ length: n * d }, () => rng.normal());
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
    for (let i = 0; i < n; i++) if (labels[i]) features[i * d]! += 0.7;
    const indices = Uint32Array.from({ length: n }, (_, i) => i);
    const options = { ...SKLEARN_MLP_DEFAULTS, hiddenSizes: [30, 30], maxEpochs: 15 };
    const reference = new MlpClassifier(d, options, Rng.fromSeed(13));
    const fast = new WasmMlpClassifier(d, options, Rng.fromSeed(13));
    const a = reference.fit(features, labels, indices);
    const b = fast.fit(features, labels, indices);
    expect(b.numEpochs).toBe(a.numEpochs);
    a.lossCurve.forEach((loss, epoch) => expect(Math.abs(b.lossCurve[epoch]! - loss) / loss).toBeLessThan(1e-9));
    const pa = reference.predictProbability(features, indices);
    const pb = fast.predictProbability(features, indices);
    pa.forEach((p, i) => expect(Math.abs(pb[i]! - p)).toBeLessThan(1e-9));
  });

  it('should stop by the scikit-learn rule: no improvement of 1e-4 for more than 10 epochs', () => {
    const rng = Rng.fromSeed(14);
    const n = 400;
    const features = Float64Array.from({ length: n }, () => rng.normal());
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 2); // labels unrelated to features
    const report = new MlpClassifier(1, { ...SKLEARN_MLP_DEFAULTS, hiddenSizes: [10, 10] }, Rng.fromSeed(15)).fit(
      features,
      labels,
      Uint32Array.from({ length: n }, (_, i) => i),
    );
    expect(report.converged).toBe(true);
    let best = Number.POSITIVE_INFINITY;
    let stale = 0;
    report.lossCurve.forEach((loss, epoch) => {
      stale = loss > best - 1e-4 ? stale + 1 : 0;
      best = Math.min(best, loss);
      if (epoch < report.numEpochs - 1) expect(stale).toBeLessThanOrEqual(10);
    });
    expect(stale).toBe(11);
  });

  it('should refuse hidden layers the WebAssembly kernels do not implement', () => {
    expect(() => new WasmMlpClassifier(2, { ...SKLEARN_MLP_DEFAULTS, hiddenSizes: [20, 10] }, Rng.fromSeed(1))).toThrow(
      /two equal, even hidden widths, got \[20, 10\]/,
    );
  });
});

describe('shuffled k-fold', () => {
  it('should partition the rows into k test blocks of near-equal size', () => {
    const folds = shuffledKFold(23, 5, Rng.fromSeed(1));
    expect(folds.map((fold) => fold.test.length)).toEqual([5, 5, 5, 4, 4]);
    const seen = new Set<number>();
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(23);
      for (const row of fold.test) seen.add(row);
      const train = new Set(fold.train);
      for (const row of fold.test) expect(train.has(row)).toBe(false);
    }
    expect(seen.size).toBe(23);
  });
});
