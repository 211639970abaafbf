import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/core/matrix';
import { columnQuantiles, quantileOfSorted } from '../../src/core/quantiles';

describe('quantiles', () => {
  it('should interpolate between order statistics like NumPy', () => {
    // numpy.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 0.9, 1]) = [1, 1.75, 2.5, 3.7, 4]
    const expected = [1, 1.75, 2.5, 3.7, 4];
    [0, 0.25, 0.5, 0.9, 1].forEach((p, i) => expect(quantileOfSorted([1, 2, 3, 4], p)).toBeCloseTo(expected[i]!, 12));
  });

  it('should take quantiles per column', () => {
    expect(columnQuantiles(matrixFromRows([[3, 10], [1, 30], [2, 20]]), 0.5)).toEqual([2, 20]);
  });

  it('should reject empty input and levels outside [0, 1]', () => {
    expect(() => quantileOfSorted([], 0.5)).toThrow(/at least one value/);
    expect(() => quantileOfSorted([1], 1.5)).toThrow(/p in \[0, 1\], got 1.5/);
  });
});
