import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/core/normal';
import { Rng } from '../../src/core/rng';
import { bulkEss, splitRhat } from '../../src/reference/diagnostics';
import { reflectIntoBox } from '../../src/reference/tempered-target';

function ar1(n: number, phi: number, seed: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  const chain = new Float64Array(n);
  let value = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    value = phi * value + rng.normal();
    chain[i] = value;
  }
  return chain;
}

describe('MCMC diagnostics', () => {
  it.each([0.5, 0.9])('should estimate the ESS of an AR(1) chain with φ = %s within 10 %% of n(1−φ)/(1+φ)', (phi) => {
    const n = 40_000;
    const exact = (n * (1 - phi)) / (1 + phi);
    expect(Math.abs(bulkEss([ar1(n, phi, 1)]) - exact) / exact).toBeLessThan(0.1);
  });

  it('should give R̂ ≈ 1 for agreeing chains and flag chains stuck apart', () => {
    const a = ar1(4000, 0.5, 2);
    const b = ar1(4000, 0.5, 3);
    expect(splitRhat([a, b])).toBeLessThan(1.01);
    const shifted = b.map((value) => value + 3);
    expect(splitRhat([a, shifted])).toBeGreaterThan(1.5);
    const drifting = Float64Array.from({ length: 4000 }, (_, i) => i / 1000 + a[i]!);
    expect(splitRhat([drifting])).toBeGreaterThan(1.1);
  });

  it('should compute Φ⁻¹ to 1e-8', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('should reflect proposals into the box, also from far away', () => {
    const low = Float64Array.of(-1, 0);
    const high = Float64Array.of(1, 2);
    const theta = Float64Array.of(1.25, -0.5);
    reflectIntoBox(theta, low, high);
    expect([...theta]).toEqual([0.75, 0.5]);
    const far = Float64Array.of(7.5, 9);
    reflectIntoBox(far, low, high);
    expect(far[0]).toBeCloseTo(-0.5, 12); // 7.5 → fold period 4 → 3.5 → mirror at 1 → -1.5 → mirror at −1 → −0.5
    expect(far[1]).toBeCloseTo(1, 12);
  });
});
