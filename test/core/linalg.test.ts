import { describe, expect, it } from 'vitest';
import { cholesky, LOG_2PI, logDetFromCholesky, logNormalDensityCholesky, solveLowerTriangular } from '../../src/core/linalg';
import { symmetricEigenvalues } from '../../src/core/eigen';
import { logSumExp } from '../../src/core/log-sum-exp';

describe('linear algebra', () => {
  const a = Float64Array.of(4, 2, 0.4, 2, 5, 1, 0.4, 1, 3);

  it('should factor a positive-definite matrix so that L Lᵀ = A', () => {
    const l = cholesky(a, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += l[i * 3 + k]! * l[j * 3 + k]!;
        expect(sum).toBeCloseTo(a[i * 3 + j]!, 12);
        if (j > i) expect(l[i * 3 + j]).toBe(0);
      }
    }
  });

  it('should solve L y = b and give log|A|', () => {
    const l = cholesky(a, 3);
    const b = Float64Array.of(1, -2, 0.5);
    const y = solveLowerTriangular(l, b, 3);
    for (let i = 0; i < 3; i++) {
      let sum = 0;
      for (let k = 0; k <= i; k++) sum += l[i * 3 + k]! * y[k]!;
      expect(sum).toBeCloseTo(b[i]!, 12);
    }
    // det A by cofactor expansion.
    const det = 4 * (5 * 3 - 1 * 1) - 2 * (2 * 3 - 1 * 0.4) + 0.4 * (2 * 1 - 5 * 0.4);
    expect(logDetFromCholesky(l, 3)).toBeCloseTo(Math.log(det), 12);
  });

  it('should evaluate a 2-D normal density equal to the closed form', () => {
    const [s11, s12, s22] = [2, 0.6, 0.5];
    const l = cholesky(Float64Array.of(s11, s12, s12, s22), 2);
    const det = s11 * s22 - s12 * s12;
    const [d1, d2] = [0.3 - 1, -0.4 - 0.2];
    const quad = (s22 * d1 * d1 - 2 * s12 * d1 * d2 + s11 * d2 * d2) / det;
    const expected = -LOG_2PI - 0.5 * Math.log(det) - 0.5 * quad;
    expect(logNormalDensityCholesky([0.3, -0.4], [1, 0.2], l, 2)).toBeCloseTo(expected, 12);
  });

  it('should reject a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/positive-definite.*row 2/);
    expect(() => cholesky(Float64Array.of(1, 2, 3), 2)).toThrow(/expected 2×2 = 4 values, got 3/);
  });
});

describe('symmetricEigenvalues', () => {
  it('should recover the spectrum of Q diag(λ) Qᵀ for a Householder Q, ascending', () => {
    const lambda = [3, -0.5, 1e-4, 7, 0.25];
    const n = lambda.length;
    const v = [0.3, -1.2, 0.7, 0.1, 2];
    const vv = v.reduce((sum, value) => sum + value * value, 0);
    const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] = a[i * n + j]! + q(i, k) * lambda[k]! * q(j, k);
    const eigenvalues = symmetricEigenvalues(a, n);
    [...lambda].sort((x, y) => x - y).forEach((value, i) => expect(eigenvalues[i]).toBeCloseTo(value, 12));
  });

  it('should keep the trace and the determinant of a full matrix, and refuse a wrong size', () => {
    const a = Float64Array.of(4, 2, 0.4, 2, 5, 1, 0.4, 1, 3);
    const [l1, l2, l3] = symmetricEigenvalues(a, 3);
    expect(l1! + l2! + l3!).toBeCloseTo(12, 12);
    expect(Math.log(l1! * l2! * l3!)).toBeCloseTo(logDetFromCholesky(cholesky(a, 3), 3), 12);
    expect(() => symmetricEigenvalues(a, 2)).toThrow('expected 2×2 = 4 values, got 9');
  });
});

describe('logSumExp', () => {
  it('should be stable for large and tiny values', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([-1000, -1000 + Math.log(3)])).toBeCloseTo(-1000 + Math.log(4), 12);
    expect(logSumExp([0, Number.NEGATIVE_INFINITY])).toBe(0);
  });

  it('should give −∞ for all −∞ or empty input and refuse NaN or +∞', () => {
    expect(logSumExp([Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(() => logSumExp([0, Number.NaN])).toThrow(/NaN at index 1/);
    expect(() => logSumExp([Number.POSITIVE_INFINITY])).toThrow(/Infinity at index 0/);
  });
});
