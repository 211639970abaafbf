/**
 * Small statistics for tests with stated false-alarm rates. Each threshold in a test says
 * which α it was set for.
 */

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e−9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

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
