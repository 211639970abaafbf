import type { Matrix } from './matrix';

/**
 * The level-`p` quantile of a sorted array by linear interpolation between order statistics
 * (type 7, the default of R and NumPy).
 * @param sorted ascending values, at least one
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('quantileOfSorted: expected at least one value, got none');
  if (!(p >= 0 && p <= 1)) throw new Error(`quantileOfSorted: expected p in [0, 1], got ${p}`);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return (sorted[below] as number) * (1 - fraction) + (sorted[above] as number) * fraction;
}

/** The level-`p` quantile of every column. @param matrix [n, d] @returns [d] */
export function columnQuantiles(matrix: Matrix, p: number): number[] {
  return Array.from({ length: matrix.numCols }, (_, j) => {
    const values = new Float64Array(matrix.numRows);
    for (let i = 0; i < matrix.numRows; i++) values[i] = matrix.data[i * matrix.numCols + j] as number;
    return quantileOfSorted(values.sort(), p);
  });
}
