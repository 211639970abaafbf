import { symmetricEigenvalues } from '../core/eigen';
import type { Rng } from '../core/rng';

/**
 * Route A's smallest noise level σ_min, from the data (DESIGN.md §4: γ_min = σ_min² "may follow the
 * data's scale"). The score network cannot show Langevin a structure thinner than σ*: at the
 * default σ_min = 0.1 (z-units) Two Moons' crescents, whose width is the simulator's radial noise
 * (0.01, ≈ 0.02 z-units), are smeared five times too wide, and so is every synthesised triple.
 *
 * The estimate is local PCA: for each of `queries` base pairs, the covariance of its k = 4·D
 * nearest neighbours in the z-scored joint (θ, x). A neighbourhood is thin when its smallest
 * standard deviation (√ of the smallest eigenvalue) is below 1/ANISOTROPY of its largest; it then
 * reports that smallest one, and SIGMA_MIN_DEFAULT otherwise (a round neighbourhood only measures
 * how many points there are, not a structure). σ_min is the median of the reports, clamped to
 * [SIGMA_MIN_FLOOR, SIGMA_MIN_DEFAULT]. The
 * estimate only means something where neighbourhoods are local, i.e. where the median distance to
 * the k-th neighbour is below LOCAL_RADIUS (one z-unit): with 10 000 pairs that holds for the
 * 2-D tasks (Two Moons: radius ≈ 0.1, σ_min ≈ 0.023) and not for SLCP (D = 13, radius > 1) or
 * Lorenz-96, which keep σ_min = 0.1. k = 4·D: smaller k underestimates (few points per
 * covariance), larger k overestimates (the crescent's curvature enters the neighbourhood).
 * The clamp below keeps Langevin's travel (about 9·σ* = √Σ 2η_k over the 200 steps of
 * ROUTE_A_DEFAULTS, whose step sizes scale with σ*²) above the tempered joints' extra width in thin
 * directions — not in wide ones: on the Gaussian mixture (±10) a σ* of 0.024 leaves the chains short
 * of β = 0.1's wider joint (results/README.md), which a σ annealed along the chain would fix.
 */
export const SIGMA_MIN_DEFAULT = 0.1;
export const SIGMA_MIN_FLOOR = 0.01;
export const LOCAL_RADIUS = 1;
export const ANISOTROPY = 3;

export interface NoiseScaleEstimate {
  /** σ_min to use: γ_min = σ_min². */
  readonly sigmaMin: number;
  /** The median of the neighbourhoods' reports before clamping; null when the neighbourhoods were not local. */
  readonly localScale: number | null;
  /** The median distance to the k-th neighbour (z-units). */
  readonly neighbourRadius: number;
  readonly neighbours: number;
  readonly queries: number;
}

/**
 * @param y [n, dim] the z-scored joint (θ columns first), as the score network sees it
 * @param rng picks the query rows (seeded by the caller)
 */
export function estimateNoiseScale(y: Float32Array, dim: number, rng: Rng, queries = 500): NoiseScaleEstimate {
  const n = y.length / dim;
  const k = 4 * dim;
  if (!Number.isInteger(n) || n <= k) throw new Error(`noise scale: expected more than ${k} rows of ${dim} values, got ${y.length} values`);
  const numQueries = Math.min(queries, n);
  const squared = new Float64Array(n);
  const order = new Uint32Array(n);
  const radii: number[] = [];
  const neighbourhoods: Uint32Array[] = [];
  for (let q = 0; q < numQueries; q++) {
    const row = rng.integerBelow(n);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let c = 0; c < dim; c++) sum += (y[row * dim + c]! - y[j * dim + c]!) ** 2;
      squared[j] = sum;
      order[j] = j;
    }
    order.sort((a, b) => squared[a]! - squared[b]!);
    neighbourhoods.push(order.slice(0, k + 1));
    radii.push(Math.sqrt(squared[order[k]!]!));
  }
  const neighbourRadius = median(radii);
  const common = { neighbourRadius, neighbours: k, queries: numQueries };
  if (!(neighbourRadius < LOCAL_RADIUS)) return { sigmaMin: SIGMA_MIN_DEFAULT, localScale: null, ...common };
  const localScale = median(neighbourhoods.map((rows) => thinWidth(y, dim, rows)));
  return { sigmaMin: Math.min(SIGMA_MIN_DEFAULT, Math.max(SIGMA_MIN_FLOOR, localScale)), localScale, ...common };
}

/** The smallest standard deviation of y's `rows` along any direction, or SIGMA_MIN_DEFAULT if they are not thin. */
function thinWidth(y: Float32Array, dim: number, rows: Uint32Array): number {
  const mean = new Float64Array(dim);
  for (const row of rows) for (let c = 0; c < dim; c++) mean[c] = mean[c]! + y[row * dim + c]! / rows.length;
  const covariance = new Float64Array(dim * dim);
  for (const row of rows) {
    for (let a = 0; a < dim; a++) {
      const da = y[row * dim + a]! - mean[a]!;
      for (let b = 0; b <= a; b++) covariance[a * dim + b] = covariance[a * dim + b]! + (da * (y[row * dim + b]! - mean[b]!)) / (rows.length - 1);
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) covariance[b * dim + a] = covariance[a * dim + b]!;
  const eigenvalues = symmetricEigenvalues(covariance, dim);
  const smallest = Math.sqrt(Math.max(0, eigenvalues[0]!));
  return smallest * ANISOTROPY < Math.sqrt(eigenvalues[dim - 1]!) ? smallest : SIGMA_MIN_DEFAULT;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
