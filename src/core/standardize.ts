import type { Matrix } from './matrix';

/** Per-column mean and standard deviation of a reference set. */
export interface ColumnStats {
  /** [d] */
  readonly mean: Float64Array;
  /** [d] the (n − 1) standard deviation; a constant column gets 1 so z-scoring never divides by 0 */
  readonly std: Float64Array;
}

/** Column means and (n − 1) standard deviations of `[n, d]` rows (n ≥ 2). */
export function columnStats(matrix: Matrix): ColumnStats {
  const { numRows: n, numCols: d, data } = matrix;
  if (n < 2) throw new Error(`columnStats: expected at least 2 rows, got ${n}`);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) std[j]! += (data[i * d + j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j]! / (n - 1));
    std[j] = s > 0 ? s : 1;
  }
  return { mean, std };
}

/** (x − mean) / std per column, as a new matrix. @param matrix [n, d] */
export function standardize(matrix: Matrix, stats: ColumnStats): Matrix {
  const { numRows: n, numCols: d } = matrix;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = (matrix.data[i * d + j]! - stats.mean[j]!) / stats.std[j]!;
  }
  return { data: out, numRows: n, numCols: d };
}
