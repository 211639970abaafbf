/**
 * Dense linear algebra on row-major Float64Array square matrices: all that the samplers and
 * likelihoods need, written out so the numbers are exactly reproducible.
 */

/**
 * The lower Cholesky factor L with A = L Lᵀ.
 * @param a [n, n] symmetric positive-definite, row-major (only the lower triangle is read)
 * @returns [n, n] lower-triangular L, row-major, zeros above the diagonal
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`cholesky: expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(sum > 0)) {
          throw new Error(`cholesky: expected a positive-definite matrix, got pivot ${sum} at row ${i + 1}`);
        }
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / (l[j * n + j] as number);
      }
    }
  }
  return l;
}

/**
 * Solves L y = b by forward substitution.
 * @param l [n, n] lower-triangular, row-major, non-zero diagonal
 * @param b [n]
 * @returns y [n]
 */
export function solveLowerTriangular(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  if (b.length !== n) throw new Error(`solveLowerTriangular: expected b of length ${n}, got ${b.length}`);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * n + i] as number);
  }
  return y;
}

/** log |A| from A's Cholesky factor: 2 Σ log Lᵢᵢ. @param l [n, n] */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(l[i * n + i] as number);
  return 2 * sum;
}

/**
 * log N(x; mean, Σ) for a full covariance given by its Cholesky factor.
 * @param l [d, d] lower Cholesky factor of Σ
 */
export function logNormalDensityCholesky(
  x: ArrayLike<number>,
  mean: ArrayLike<number>,
  l: Float64Array,
  d: number,
): number {
  const diff = new Float64Array(d);
  for (let i = 0; i < d; i++) diff[i] = (x[i] as number) - (mean[i] as number);
  const z = solveLowerTriangular(l, diff, d);
  let quad = 0;
  for (let i = 0; i < d; i++) quad += (z[i] as number) ** 2;
  return -0.5 * (d * LOG_2PI + logDetFromCholesky(l, d) + quad);
}

/** log(2π). */
export const LOG_2PI = Math.log(2 * Math.PI);
