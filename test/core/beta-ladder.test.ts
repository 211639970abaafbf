import { describe, expect, it } from 'vitest';
import { betaLadder, interpolateDraws, ladderPosition, rungsNearestFirst } from '../../src/core/beta-ladder';
import { LruCache } from '../../src/core/lru-cache';
import { Rng } from '../../src/core/rng';

const GRID = [0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5];

describe('the β ladder', () => {
  it('should hold at least 33 log-spaced rungs over the domain, every β of 𝒢 inside it and 1, ascending', () => {
    const ladder = betaLadder([0.1, 1.5], GRID);
    expect(ladder.length).toBeGreaterThanOrEqual(33);
    for (const beta of GRID) expect(ladder).toContain(beta);
    expect(ladder[0]).toBe(0.1);
    expect(ladder.at(-1)).toBe(1.5);
    expect(ladder.every((beta, k) => k === 0 || beta > ladder[k - 1]!)).toBe(true);
    // Log-spaced: no gap in log β wider than one step of the 33.
    const step = Math.log(15) / 32;
    expect(Math.max(...ladder.slice(1).map((beta, k) => Math.log(beta / ladder[k]!)))).toBeLessThanOrEqual(step + 1e-12);
    expect(betaLadder([0.1, 2], GRID)).toContain(2);
  });

  it('should place β between its neighbours with a weight linear in log β', () => {
    const ladder = [0.1, 0.2, 0.4];
    expect(ladderPosition(ladder, 0.2 * Math.SQRT2)).toMatchObject({ lower: 1, upper: 2, nearest: 2, onRung: false });
    expect(ladderPosition(ladder, 0.2 * Math.SQRT2).weight).toBeCloseTo(0.5, 12);
    expect(ladderPosition(ladder, 0.2)).toMatchObject({ onRung: true, nearest: 1 });
    expect(ladderPosition(ladder, 0.05)).toMatchObject({ lower: 0, upper: 0, weight: 0 });
    expect(ladderPosition(ladder, 9)).toMatchObject({ lower: 2, upper: 2, weight: 0 });
    expect(rungsNearestFirst(ladder, 0.3)).toEqual([2, 1, 0]);
  });

  it('should put an interpolated draw on the segment between its two neighbours', () => {
    const rng = Rng.fromSeed(3);
    const lower = Float64Array.from({ length: 200 }, () => rng.normal());
    const upper = Float64Array.from({ length: 200 }, () => rng.normal());
    const weight = 0.3;
    const mixed = interpolateDraws(lower, upper, weight);
    for (let i = 0; i < 100; i++) {
      const a = [lower[2 * i]!, lower[2 * i + 1]!];
      const b = [upper[2 * i]!, upper[2 * i + 1]!];
      const p = [mixed[2 * i]!, mixed[2 * i + 1]!];
      // p − a is (b − a) scaled by the weight: on the segment, at the right place.
      expect(p[0]! - a[0]!).toBeCloseTo(weight * (b[0]! - a[0]!), 12);
      expect(p[1]! - a[1]!).toBeCloseTo(weight * (b[1]! - a[1]!), 12);
    }
    expect(() => interpolateDraws(lower, upper.subarray(2), 0.5)).toThrow(/expected arrays of one length/);
  });
});

describe('the LRU cache', () => {
  it('should stay within its capacity and evict the least recently used entry', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(2, (key) => evicted.push(key));
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect(cache.size).toBe(2);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
    expect(() => new LruCache(0)).toThrow(/expected a capacity ≥ 1, got 0/);
  });
});
