import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { exampleWeights, SnisWeights } from '../../src/routes/snis';

function randomScores(n: number, seed: number, scale = 3): Float64Array {
  const rng = Rng.fromSeed(seed);
  return Float64Array.from({ length: n }, () => scale * rng.normal() - 2);
}

describe('SNIS weights', () => {
  const scores = randomScores(500, 1);
  const snis = new SnisWeights(scores, [0.1, 1.5]);

  it('should match a direct float64 recomputation of S_β and w̃, and sum to 1', () => {
    for (const beta of [0.1, 0.37, 1, 1.23, 1.5]) {
      const logs = Array.from(scores, (s) => (beta - 1) * s);
      const max = Math.max(...logs);
      const exact = max + Math.log(logs.reduce((acc, value) => acc + Math.exp(value - max), 0));
      expect(snis.exactLogNormalizer(beta)).toBeCloseTo(exact, 10);
      const weights = snis.weights(beta);
      weights.forEach((w, i) => expect(Math.abs(w - Math.exp(logs[i]! - exact))).toBeLessThan(1e-6 * Math.exp(logs[i]! - exact) + 1e-15));
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('should interpolate S_β within 1e-6 of the exact sum anywhere in the domain', () => {
    const rng = Rng.fromSeed(2);
    let worst = 0;
    for (let k = 0; k < 2000; k++) {
      const beta = 0.1 * 15 ** rng.uniform();
      worst = Math.max(worst, Math.abs(snis.logNormalizer(beta) - snis.exactLogNormalizer(beta)));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('should give ESS = N at β = 1 and less elsewhere', () => {
    expect(snis.ess(1)).toBeCloseTo(500, 8);
    expect(snis.ess(0.1)).toBeLessThan(500);
    expect(snis.ess(1.5)).toBeLessThan(500);
    const curve = snis.essCurve(9);
    expect(curve.betas[0]).toBeCloseTo(0.1, 12);
    expect(curve.betas[8]).toBeCloseTo(1.5, 12);
    expect(Math.max(...curve.essFraction)).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('should make the minibatch loss an unbiased estimate of the full weighted loss (Prop. B.2), by enumeration', () => {
    const small = new SnisWeights(Float64Array.of(-1.2, 0.4, 2.5, -0.3, 1.1, 0.0), [0.1, 1.5]);
    const betas = Float64Array.of(0.2, 0.5, 1.4, 0.9, 1.1, 0.3);
    const losses = Float64Array.of(1.5, 0.2, 3.1, 0.7, 2.2, 0.9);
    const weights = exampleWeights(small, betas);
    const full = losses.reduce((acc, loss, i) => acc + small.weight(i, betas[i]!) * loss, 0);
    // Every batch of 2 of the 6 examples is equally likely.
    let sum = 0;
    let sumNormalizedWithinBatch = 0;
    let count = 0;
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) {
        sum += (weights[i]! * losses[i]! + weights[j]! * losses[j]!) / 2; // the training loss: mean of weight · loss
        sumNormalizedWithinBatch += (weights[i]! * losses[i]! + weights[j]! * losses[j]!) / (weights[i]! + weights[j]!);
        count++;
      }
    }
    expect(sum / count).toBeCloseTo(full, 5);
    // Normalising inside each minibatch instead is biased: the reason DESIGN.md forbids it.
    expect(Math.abs(sumNormalizedWithinBatch / count - full)).toBeGreaterThan(0.05);
  });

  it('should give uniform finite weights for all-equal scores and refuse NaN or infinite ones', () => {
    const equal = new SnisWeights(new Float64Array(10).fill(-3.5), [0.1, 1.5]);
    for (const w of equal.weights(0.1)) expect(w).toBeCloseTo(0.1, 9);
    expect(equal.ess(0.3)).toBeCloseTo(10, 6);
    expect(() => new SnisWeights(Float64Array.of(1, Number.NaN), [0.1, 1.5])).toThrow(/expected finite numbers, got NaN for example 1/);
    expect(() => new SnisWeights(Float64Array.of(Number.NEGATIVE_INFINITY, 1), [0.1, 1.5])).toThrow(/got -Infinity for example 0/);
    expect(() => snis.weights(2)).toThrow(/SNIS β: expected a number in \[0.1, 1.5\], got 2/);
  });

  it('should collapse the ESS far from β = 1 when the scores spread (the method’s known limit)', () => {
    const spread = new SnisWeights(randomScores(10_000, 3, 10), [0.1, 1.5]);
    expect(spread.ess(0.1) / 10_000).toBeLessThan(0.05);
    expect(spread.ess(1) / 10_000).toBeCloseTo(1, 9);
  });
});
