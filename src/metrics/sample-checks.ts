import type { Matrix } from '../core/matrix';

/** The fewest rows a two-sample metric accepts per side. */
export const MIN_SAMPLES = 10;

/**
 * Checks the two sample sets of a two-sample metric: the same number of columns, at least
 * `MIN_SAMPLES` rows each, finite values. Errors name the metric, the set, what was expected
 * and what arrived.
 */
export function checkTwoSamples(metric: string, reference: Matrix, candidate: Matrix): void {
  if (reference.numCols !== candidate.numCols || reference.numCols < 1) {
    throw new Error(
      `${metric}: expected both sample sets to have the same number of columns (≥ 1), got ${reference.numCols} (reference) and ${candidate.numCols} (candidate)`,
    );
  }
  for (const [name, samples] of [['reference', reference], ['candidate', candidate]] as const) {
    if (samples.numRows < MIN_SAMPLES) {
      throw new Error(`${metric}: expected at least ${MIN_SAMPLES} ${name} samples, got ${samples.numRows}`);
    }
    const bad = samples.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new Error(
        `${metric}: expected finite ${name} samples, got ${samples.data[bad]} in row ${Math.floor(bad / samples.numCols) + 1}, column ${(bad % samples.numCols) + 1}`,
      );
    }
  }
}
