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

/**
 * The eigenvalues of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5),
 * ascending. Small matrices only (O(n³) per sweep); exact to rounding for n ≲ 20.
 * @param a [n, n] symmetric, row-major (not modified)
 * @returns [n] eigenvalues, smallest first
 */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`symmetricEigenvalues: expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  const m = Float64Array.from(a);
  const at = (i: number, j: number) => m[i * n + j] as number;
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let p = 0; p < n; p++) {
      diagonal += at(p, p) ** 2;
      for (let q = p + 1; q < n; q++) offDiagonal += at(p, q) ** 2;
    }
    if (offDiagonal <= 1e-30 * diagonal || offDiagonal === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        // The rotation that zeroes m[p][q]: t = tan φ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (at(q, q) - at(p, p)) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(tau * tau + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = at(k, p);
          const kq = at(k, q);
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = at(p, k);
          const qk = at(q, k);
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => at(i, i)).sort();
}
