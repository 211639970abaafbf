import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/core/normal';
import { Rng } from '../../src/core/rng';
import { chiSquareQuantile, chiSquareStatistic, meanAndVariance } from '../helpers/stats';

describe('Rng', () => {
  it('should reproduce the reference xoshiro128** outputs for state (1, 2, 3, 4)', () => {
    // Printed by the authors' C reference implementation (xoshiro128starstar.c).
    const rng = Rng.fromState([1, 2, 3, 4]);
    const outputs = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('should give equal streams for equal seeds and different streams otherwise', () => {
    const draw = (seed: number, stream = 0) => {
      const rng = Rng.fromSeed(seed, stream);
      return Array.from({ length: 5 }, () => rng.uniform());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7, 1)).not.toEqual(draw(7, 0));
    expect(draw(-3)).not.toEqual(draw(3));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('should draw uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = Rng.fromSeed(1);
    const values = Float64Array.from({ length: 200_000 }, () => rng.uniform());
    expect(values.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(values.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    const { mean, variance } = meanAndVariance(values);
    // 5 standard errors: false-alarm rate below 1e-6 per check.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / values.length));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / values.length));
  });

  it('should draw standard normals with the right mean, variance and tail mass', () => {
    const rng = Rng.fromSeed(2);
    const n = 200_000;
    const values = Float64Array.from({ length: n }, () => rng.normal());
    const { mean, variance } = meanAndVariance(values);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // P(|Z| > 2) = 0.0455003.
    const tail = values.filter((v) => Math.abs(v) > 2).length / n;
    expect(Math.abs(tail - 0.0455003)).toBeLessThan(5 * Math.sqrt((0.0455 * 0.9545) / n));
  });

  it('should draw normals whose histogram matches Φ, tails included (χ², α = 1e-3)', () => {
    const rng = Rng.fromSeed(9);
    const n = 2_000_000;
    // 120 bins of width 0.1 on [−6, 6] plus the two tails, each against its exact Φ mass.
    const edges = Array.from({ length: 121 }, (_, k) => -6 + 0.1 * k);
    const counts = new Float64Array(122);
    let beyond35 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      if (z > 3.5) beyond35++;
      const bin = z < -6 ? 0 : z >= 6 ? 121 : Math.min(1 + Math.floor((z + 6) / 0.1), 120);
      counts[bin]! += 1;
    }
    const masses = [normalCdf(-6), ...edges.slice(1).map((edge, k) => normalCdf(edge) - normalCdf(edges[k]!)), 1 - normalCdf(6)];
    const { statistic, df } = chiSquareStatistic(counts, masses.map((m) => m * n));
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
    // P(Z > 3.5) = 2.326e-4 lies past the ziggurat's base layer (r = 3.44): the tail algorithm.
    const p = 2.3263e-4;
    expect(Math.abs(beyond35 - n * p)).toBeLessThan(5 * Math.sqrt(n * p));
  });

  it('should draw categories in proportion to their weights (χ², α = 1e-3)', () => {
    const rng = Rng.fromSeed(3);
    const weights = [1, 0, 2, 3.5, 0.5];
    const total = weights.reduce((a, b) => a + b, 0);
    const n = 100_000;
    const counts = new Float64Array(weights.length);
    for (let i = 0; i < n; i++) counts[rng.categorical(weights)]! += 1;
    expect(counts[1]).toBe(0);
    const expected = weights.map((w) => (n * w) / total);
    const { statistic, df } = chiSquareStatistic(counts, expected);
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });

  it('should draw integers below n without bias (χ², α = 1e-3)', () => {
    const rng = Rng.fromSeed(4);
    const counts = new Float64Array(7);
    for (let i = 0; i < 70_000; i++) counts[rng.integerBelow(7)]! += 1;
    const { statistic, df } = chiSquareStatistic(counts, new Array(7).fill(10_000));
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
  });

  it('should shuffle into every order of 4 equally often (χ² over the 24 orders, α = 1e-3), the one shuffle every fold and epoch uses', () => {
    const rng = Rng.fromSeed(5);
    const counts = new Map<string, number>();
    for (let i = 0; i < 48_000; i++) {
      const order = rng.permutation(4).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const { statistic, df } = chiSquareStatistic(Float64Array.from(counts.values()), new Array(24).fill(2000));
    expect(statistic).toBeLessThan(chiSquareQuantile(df, 1e-3));
    // In place, and seeded: the same stream gives the same order.
    const values = Uint32Array.of(10, 20, 30, 40, 50);
    expect(Rng.fromSeed(6).shuffle(values)).toBe(values);
    expect(Array.from(values).sort()).toEqual([10, 20, 30, 40, 50]);
    expect(Array.from(Rng.fromSeed(6).permutation(5), (i) => (i + 1) * 10)).toEqual(Array.from(values));
  });

  it('should reject bad arguments with a message naming them', () => {
    expect(() => Rng.fromSeed(1.5)).toThrow(/seed.*safe integer.*1\.5/);
    expect(() => Rng.fromSeed(Number.NaN)).toThrow(/seed/);
    expect(() => Rng.fromSeed(1).categorical([0, 0])).toThrow(/positive weight/);
    expect(() => Rng.fromSeed(1).categorical([1, Number.NaN])).toThrow(/weights\[1\] = NaN/);
    expect(() => Rng.fromSeed(1).integerBelow(0)).toThrow(/got 0/);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow(/non-zero/);
  });

  it('should split into a stream that differs from the parent', () => {
    const parent = Rng.fromSeed(5);
    const child = parent.split();
    expect(child.uniform()).not.toBe(parent.uniform());
  });
});
