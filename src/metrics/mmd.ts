import type { Matrix } from '../core/matrix';
import { quantileOfSorted } from '../core/quantiles';
import { Rng } from '../core/rng';
import { checkTwoSamples } from './sample-checks';

/** How many reference points the median-distance bandwidth is taken over (DESIGN.md §5). */
export const BANDWIDTH_SUBSAMPLE = 2000;

export interface MmdOptions {
  readonly seed: number;
  /** A fixed kernel bandwidth σ; by default the median pairwise distance within the reference set. */
  readonly bandwidth?: number;
}

export interface MmdResult {
  /** The unbiased estimate of MMD² (may be slightly negative when the sets agree). */
  readonly mmdSquared: number;
  readonly bandwidth: number;
  readonly numReference: number;
  readonly numCandidate: number;
  readonly seconds: number;
}

/**
 * The median pairwise Euclidean distance within the first rows of a seeded subsample of
 * `reference` (at most `BANDWIDTH_SUBSAMPLE` points, drawn without replacement).
 * @param reference [n, d]
 */
export function medianPairwiseDistance(reference: Matrix, seed: number): number {
  const { numRows: n, numCols: d, data } = reference;
  const m = Math.min(n, BANDWIDTH_SUBSAMPLE);
  const rng = Rng.fromSeed(seed, 7);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.integerBelow(n - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const distances = new Float64Array((m * (m - 1)) / 2);
  let next = 0;
  for (let a = 0; a < m; a++) {
    const ra = pool[a]! * d;
    for (let b = a + 1; b < m; b++) {
      const rb = pool[b]! * d;
      let squared = 0;
      for (let k = 0; k < d; k++) squared += (data[ra + k]! - data[rb + k]!) ** 2;
      distances[next++] = Math.sqrt(squared);
    }
  }
  return quantileOfSorted(distances.sort(), 0.5);
}

/**
 * Σ over pairs (i in rows of x, j in rows of y) of exp(−‖xᵢ − yⱼ‖² / (2σ²)), skipping i = j
 * when `sameSet` (x and y are the same matrix). Loops over rows; nothing n × m is stored.
 */
function kernelSum(x: Matrix, y: Matrix, bandwidth: number, sameSet: boolean): number {
  const d = x.numCols;
  const scale = -1 / (2 * bandwidth * bandwidth);
  let total = 0;
  for (let i = 0; i < x.numRows; i++) {
    const xi = i * d;
    let rowSum = 0;
    for (let j = sameSet ? i + 1 : 0; j < y.numRows; j++) {
      const yj = j * d;
      let squared = 0;
      for (let k = 0; k < d; k++) {
        const diff = x.data[xi + k]! - y.data[yj + k]!;
        squared += diff * diff;
      }
      rowSum += Math.exp(scale * squared);
    }
    total += rowSum;
  }
  return sameSet ? 2 * total : total;
}

/**
 * Unbiased MMD² with a Gaussian kernel exp(−‖a − b‖² / (2σ²)) (DESIGN.md §5):
 * (1/(n(n−1))) Σ_{i≠j} k(xᵢ, xⱼ) + (1/(m(m−1))) Σ_{i≠j} k(yᵢ, yⱼ) − (2/(nm)) Σ k(xᵢ, yⱼ).
 * σ defaults to the median pairwise distance within the reference set; no z-scoring.
 * @param reference [n, d] @param candidate [m, d]
 */
export function mmd(reference: Matrix, candidate: Matrix, options: MmdOptions): MmdResult {
  const start = performance.now();
  checkTwoSamples('mmd', reference, candidate);
  const bandwidth = options.bandwidth ?? medianPairwiseDistance(reference, options.seed);
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new Error(`mmd: expected a positive finite bandwidth, got ${bandwidth} (are all reference samples equal?)`);
  }
  const n = reference.numRows;
  const m = candidate.numRows;
  const xx = kernelSum(reference, reference, bandwidth, true) / (n * (n - 1));
  const yy = kernelSum(candidate, candidate, bandwidth, true) / (m * (m - 1));
  const xy = kernelSum(reference, candidate, bandwidth, false) / (n * m);
  return { mmdSquared: xx + yy - 2 * xy, bandwidth, numReference: n, numCandidate: m, seconds: (performance.now() - start) / 1000 };
}
