/**
 * Small statistics for tests with stated false-alarm rates. Each threshold in a test says
 * which α it was set for.
 */
import { normalQuantile } from '../../src/core/normal';

/** The upper-α quantile of χ²(df), by the Wilson–Hilferty cube approximation. */
export function chiSquareQuantile(df: number, alpha: number): number {
  const z = normalQuantile(1 - alpha);
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

/**
 * Pearson's χ² statistic of observed against expected counts, pooling cells whose expected
 * count is below 5 into one cell. Returns the statistic and its degrees of freedom.
 */
export function chiSquareStatistic(observed: ArrayLike<number>, expected: ArrayLike<number>): { statistic: number; df: number } {
  let statistic = 0;
  let cells = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const o = observed[i] as number;
    if (e < 5) {
      pooledObserved += o;
      pooledExpected += e;
      continue;
    }
    statistic += (o - e) ** 2 / e;
    cells++;
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / Math.max(pooledExpected, 1);
    cells++;
  }
  return { statistic, df: cells - 1 };
}

/** Sample mean and (n − 1) variance. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] as number;
  mean /= values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += ((values[i] as number) - mean) ** 2;
  return { mean, variance: variance / (values.length - 1) };
}

/**
 * The two-sample Kolmogorov–Smirnov test: the largest gap D between the empirical CDFs of `a`
 * and `b`, and its asymptotic p-value Q(λ) = 2 Σ_k (−1)^(k−1) exp(−2k²λ²), λ = D·√(nm/(n+m)).
 */
export function kolmogorovSmirnov(a: ArrayLike<number>, b: ArrayLike<number>): { statistic: number; pValue: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let [i, j, gap] = [0, 0, 0];
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= value) i++;
    while (j < y.length && y[j]! <= value) j++;
    gap = Math.max(gap, Math.abs(i / x.length - j / y.length));
  }
  const lambda = gap * Math.sqrt((x.length * y.length) / (x.length + y.length));
  let pValue = 0;
  for (let k = 1; k <= 100; k++) pValue += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { statistic: gap, pValue: Math.min(1, Math.max(0, lambda < 0.2 ? 1 : pValue)) };
}
