import type { Matrix } from './matrix';

/**
 * Boundary checks: each throws an Error that names the argument, what was expected and what
 * arrived. Used where data enters from outside (files, flags, URLs, worker messages, callers).
 */

/** Checks a `[n, numCols]` matrix of finite numbers with n ≥ 1. */
export function assertFiniteMatrix(name: string, matrix: Matrix, numCols: number): void {
  if (matrix.numCols !== numCols) {
    throw new Error(`${name}: expected ${numCols} columns, got ${matrix.numCols}`);
  }
  if (!Number.isInteger(matrix.numRows) || matrix.numRows < 1) {
    throw new Error(`${name}: expected at least one row, got ${matrix.numRows}`);
  }
  if (matrix.data.length !== matrix.numRows * matrix.numCols) {
    throw new Error(
      `${name}: expected ${matrix.numRows}×${matrix.numCols} = ${matrix.numRows * matrix.numCols} values, got ${matrix.data.length}`,
    );
  }
  const bad = matrix.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const row = Math.floor(bad / numCols);
    const col = bad % numCols;
    throw new Error(`${name}: expected finite numbers, got ${matrix.data[bad]} at row ${row}, column ${col + 1}`);
  }
}

/** Checks a positive integer count (n ≥ 1). */
export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got ${String(value)}`);
  }
}

/** Checks that every row of `theta` lies in the closed box [low, high]. */
export function assertInsideBox(name: string, theta: Matrix, low: Float64Array, high: Float64Array): void {
  const d = theta.numCols;
  for (let i = 0; i < theta.numRows; i++) {
    for (let j = 0; j < d; j++) {
      const v = theta.data[i * d + j] as number;
      if (!(v >= (low[j] as number) && v <= (high[j] as number))) {
        throw new Error(
          `${name}: expected every value of column ${j + 1} in [${low[j]}, ${high[j]}] (the prior box), got ${v} at row ${i}`,
        );
      }
    }
  }
}
