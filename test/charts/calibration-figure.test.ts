import { describe, expect, it } from 'vitest';
import { coverageAgainstBetaFigure, coverageCurveFigure, referenceSentence } from '../../src/charts/calibration-figure';

const row = (beta: number, coverage: number, half = 0.05) => ({ beta, curve: [coverage], coverage, low: coverage - half, high: coverage + half });

describe('the calibration figures’ reference check (issue 20)', () => {
  it('should say whether the network’s coverage agrees with the exact posterior’s, β by β, with the run’s numbers', () => {
    const network = [row(0.3, 0.9), row(1, 0.62)];
    expect(referenceSentence(network, [row(1, 0.6, 0.1), row(0.3, 0.88, 0.08)], 0.9, 50)).toBe(
      'Reference check — exact posterior draws on the first 50 data sets: the 90 % regions held the truth at β = 1, 60 % (the network: 62 %); at β = 0.3, 88 % (the network: 90 %). The two agree within their intervals: the curves show how calibrated the model is, not the network’s own error.',
    );
    // Intervals apart at β = 1: the network is the problem there.
    expect(referenceSentence(network, [row(1, 0.9, 0.05)], 0.9, 50)).toMatch(/They differ at β = 1: part of what the curves show there is the network’s own error/);
  });

  it('should draw the reference rows as diamonds with their intervals, and the reference curve at the shown β', () => {
    const figure = coverageAgainstBetaFigure('b-nle', [row(0.3, 0.9), row(1, 0.62)], 0.9, 0.3, 1, [0.1, 1.5], [row(1, 0.6, 0.1)]);
    const diamonds = figure.data.find((trace) => trace.name === 'reference draws (the check)') as { x: number[]; y: number[]; error_y: { array: number[]; arrayminus: number[] } };
    expect(diamonds.x).toEqual([1]);
    expect(diamonds.y).toEqual([0.6]);
    expect(diamonds.error_y.array[0]).toBeCloseTo(0.1);
    expect(coverageAgainstBetaFigure('b-nle', [row(1, 0.62)], 0.9, null, 1, [0.1, 1.5]).data.some((trace) => trace.name === 'reference draws (the check)')).toBe(false);
    const curve = coverageCurveFigure('b-nle', [0.9], row(1, 0.62), row(1, 0.6));
    expect(curve.data.at(-1)).toMatchObject({ name: 'reference draws at β = 1', y: [0, 0.6, 1] });
  });
});
