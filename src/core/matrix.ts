/**
 * A dense row-major matrix on Float64Array: the shape every batch of θ or x takes in the
 * plain-TypeScript half of the lab (simulators, likelihoods, reference samplers, metrics).
 */
export interface Matrix {
  /** Row-major values, `numRows × numCols` of them. */
  readonly data: Float64Array;
  readonly numRows: number;
  readonly numCols: number;
}

/** A zero-filled `[numRows, numCols]` matrix. */
export function zerosMatrix(numRows: number, numCols: number): Matrix {
  return { data: new Float64Array(numRows * numCols), numRows, numCols };
}

/**
 * Wraps row-major `data` as a `[numRows, numCols]` matrix, checking that the length fits.
 * @param name what the caller calls this argument, for the error message
 */
export function matrixFrom(data: Float64Array, numRows: number, numCols: number, name = 'matrix'): Matrix {
  if (data.length !== numRows * numCols) {
    throw new Error(`${name}: expected ${numRows}×${numCols} = ${numRows * numCols} values, got ${data.length}`);
  }
  return { data, numRows, numCols };
}

/** A matrix from nested rows (tests, JSON data); every row must have the same length. */
export function matrixFromRows(rows: readonly (readonly number[])[], name = 'rows'): Matrix {
  const numCols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * numCols);
  rows.forEach((row, i) => {
    if (row.length !== numCols) {
      throw new Error(`${name}: expected every row to have ${numCols} values, got ${row.length} in row ${i}`);
    }
    data.set(row, i * numCols);
  });
  return { data, numRows: rows.length, numCols };
}

/** Row `i` as a view (no copy). */
export function rowOf(matrix: Matrix, i: number): Float64Array {
  return matrix.data.subarray(i * matrix.numCols, (i + 1) * matrix.numCols);
}

/** Nested arrays, one per row (for JSON and tests). */
export function matrixToRows(matrix: Matrix): number[][] {
  return Array.from({ length: matrix.numRows }, (_, i) => Array.from(rowOf(matrix, i)));
}
