/**
 * Eigenvalues of small symmetric matrices (Route A's local PCA). Kept apart from linalg.ts, which
 * the reference samplers import: the reference cache is keyed by their code.
 */

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
