import { describe, expect, it } from 'vitest';
import { cardEssFraction, essFractionAt, parseEssCurve } from '../../src/protocol/ess-curve';
import { SnisWeights } from '../../src/routes/snis';

describe('ESS curves from model cards', () => {
  it('should interpolate a smooth curve closely, and give exact values at the card’s β and 1 at β = 1', () => {
    const scores = Float64Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 2);
    const weights = new SnisWeights(scores, [0.1, 1.5]);
    const curve = weights.essCurve();
    const exactAt = (beta: number) => weights.ess(beta) / scores.length;
    for (const beta of [0.13, 0.5, 0.77, 1.3]) expect(Math.abs(essFractionAt(curve, beta) - exactAt(beta))).toBeLessThan(0.01);
    const exact = { betas: [0.5, 1.1], essFraction: [exactAt(0.5), exactAt(1.1)] };
    expect(cardEssFraction(curve, exact, 1.1)).toBe(exactAt(1.1));
    expect(cardEssFraction(curve, exact, 1)).toBe(1);
    expect(() => essFractionAt(curve, 3)).toThrow(/expected β in \[0.1, 1.5\], got 3/);
    expect(parseEssCurve({ betas: [1], essFraction: [1] })).toBeNull();
    expect(parseEssCurve({ betas: [0.1, 1], essFraction: [0.5, Number.NaN] })).toBeNull();
  });

  it('should not pretend a steep curve is smooth: with large scores the interpolation at β = 1 is far off, the exact rule is not', () => {
    const scores = Float64Array.from({ length: 2000 }, (_, i) => 300 * Math.sin(i));
    // The 57-point curves of the cards shipped first (5 % apart in β).
    const curve = new SnisWeights(scores, [0.1, 1.5]).essCurve(57);
    expect(essFractionAt(curve, 1)).toBeLessThan(0.5);
    expect(cardEssFraction(curve, null, 1)).toBe(1);
  });
});
