import { describe, expect, it } from 'vitest';
import { normalCdf, normalIntervalMass, normalUpperTail } from '../../src/core/normal';

describe('normal tails', () => {
  it('match reference values to 1.2e-7 relative, far tails included', () => {
    const known: [number, number][] = [
      [0, 0.5],
      [1.959963984540054, 0.025],
      [3, 1.3498980316301e-3],
      [8, 6.22096057427178e-16],
      [20, 2.75362411860623e-89],
    ];
    for (const [z, tail] of known) expect(Math.abs(normalUpperTail(z) / tail - 1), `z = ${z}`).toBeLessThan(1.2e-7);
    expect(Math.abs(normalCdf(-8) / 6.22096057427178e-16 - 1)).toBeLessThan(1.2e-7);
    expect(normalUpperTail(-3)).toBeCloseTo(1 - 1.3498980316301e-3, 9);
  });

  it('give interval masses from the tails, and 0 for an empty interval', () => {
    expect(normalIntervalMass(-1, 1)).toBeCloseTo(0.6826894921370859, 7);
    expect(Math.abs(normalIntervalMass(9, 11) / 1.1285884059538e-19 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(normalIntervalMass(-11, -9) / 1.1285884059538e-19 - 1)).toBeLessThan(1e-6);
    expect(normalIntervalMass(2, 1)).toBe(0);
    expect(normalIntervalMass(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeCloseTo(1, 12);
  });
});
