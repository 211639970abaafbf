/**
 * The invertible maps between a model's raw variables and the unbounded, standardised space
 * its estimator works in — computed in plain TypeScript, with their log-Jacobians, so that
 * log q(y) = log q_z(z(y)) + log |dz/dy| in raw space (DESIGN.md §4: box priors via logit).
 */
export type OutputTransformSpec =
  | { readonly kind: 'box'; readonly low: readonly number[]; readonly high: readonly number[] }
  | { readonly kind: 'standardize'; readonly mean: readonly number[]; readonly std: readonly number[] };

/** How far inside the box a raw value is pulled before the logit, as a fraction of the width. */
const BOX_MARGIN = 1e-6;

/**
 * Raw values → estimator space, with log |dz/dy| per row.
 * box: z = log((y − a)/(b − y)), log|dz/dy| = log((b − a)/((y − a)(b − y)));
 * standardize: z = (y − μ)/σ, log|dz/dy| = −Σ log σ.
 * @param y [n, d] row-major @returns z [n, d] and logJacobian [n]
 */
export function toEstimatorSpace(spec: OutputTransformSpec, y: ArrayLike<number>, d: number): { z: Float32Array; logJacobian: Float64Array } {
  const n = y.length / d;
  const z = new Float32Array(n * d);
  const logJacobian = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const value = y[i * d + j] as number;
      if (spec.kind === 'box') {
        const a = spec.low[j]!;
        const b = spec.high[j]!;
        const margin = BOX_MARGIN * (b - a);
        const inside = Math.min(Math.max(value, a + margin), b - margin);
        z[i * d + j] = Math.log((inside - a) / (b - inside));
        sum += Math.log((b - a) / ((inside - a) * (b - inside)));
      } else {
        z[i * d + j] = (value - spec.mean[j]!) / spec.std[j]!;
        sum -= Math.log(spec.std[j]!);
      }
    }
    logJacobian[i] = sum;
  }
  return { z, logJacobian };
}

/**
 * Estimator space → raw values (the inverse map). Box outputs always land inside the box.
 * @param z [n, d] @returns [n, d] as float64
 */
export function fromEstimatorSpace(spec: OutputTransformSpec, z: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) {
    const j = k % d;
    const value = z[k] as number;
    if (spec.kind === 'box') {
      const a = spec.low[j]!;
      const b = spec.high[j]!;
      const sigmoid = value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
      out[k] = a + (b - a) * sigmoid;
    } else {
      out[k] = spec.mean[j]! + spec.std[j]! * value;
    }
  }
  return out;
}

/** How a raw context is turned into features: drop constant columns, then z-score. */
export interface ContextEncoding {
  /** Raw columns used, in order (constant columns dropped, e.g. Lorenz-96's x₀). */
  readonly keepColumns: readonly number[];
  /** [keepColumns.length] */
  readonly mean: readonly number[];
  /** [keepColumns.length] never 0 */
  readonly std: readonly number[];
}

/**
 * The encoding fitted on raw context rows: every non-constant column, z-scored with its mean
 * and (n − 1) std. Columns listed as constant, or with zero spread, are dropped — never divided
 * by a zero std.
 * @param rows [n, rawDim] row-major
 */
export function fitContextEncoding(rows: ArrayLike<number>, rawDim: number, constantColumns: readonly number[] = []): ContextEncoding {
  const n = rows.length / rawDim;
  const keepColumns: number[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < rawDim; j++) {
    if (constantColumns.includes(j)) continue;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rows[i * rawDim + j] as number;
    const mu = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((rows[i * rawDim + j] as number) - mu) ** 2;
    const sigma = Math.sqrt(squares / Math.max(n - 1, 1));
    if (!(sigma > 1e-12)) continue;
    keepColumns.push(j);
    mean.push(mu);
    std.push(sigma);
  }
  if (keepColumns.length === 0) throw new Error(`context encoding: expected at least one column that varies, got none of ${rawDim}`);
  return { keepColumns, mean, std };
}

/**
 * A context encoding for x made of `numGroups` groups of `groupDim` columns that a shared network
 * reads alike (exchangeable draws, the states of a trajectory): column j of every group gets the
 * mean and (n − 1) std pooled over all groups, so a permuted x is encoded as the permuted
 * encoding. Every column is kept; a within-group column with no spread is an Error.
 * @param rows [n, numGroups · groupDim] row-major
 */
export function fitPooledEncoding(rows: ArrayLike<number>, numGroups: number, groupDim: number): ContextEncoding {
  const rawDim = numGroups * groupDim;
  const n = rows.length / rawDim;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < groupDim; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) for (let g = 0; g < numGroups; g++) sum += rows[i * rawDim + g * groupDim + j] as number;
    const mu = sum / (n * numGroups);
    let squares = 0;
    for (let i = 0; i < n; i++) for (let g = 0; g < numGroups; g++) squares += ((rows[i * rawDim + g * groupDim + j] as number) - mu) ** 2;
    const sigma = Math.sqrt(squares / Math.max(n * numGroups - 1, 1));
    if (!(sigma > 1e-12)) throw new Error(`pooled encoding: expected column ${j} of each group to vary, got a constant ${mu}`);
    mean.push(mu);
    std.push(sigma);
  }
  return {
    keepColumns: Array.from({ length: rawDim }, (_, c) => c),
    mean: Array.from({ length: rawDim }, (_, c) => mean[c % groupDim]!),
    std: Array.from({ length: rawDim }, (_, c) => std[c % groupDim]!),
  };
}

/** Applies a context encoding. @param rows [n, rawDim] @returns [n, keepColumns.length] */
export function encodeContext(encoding: ContextEncoding, rows: ArrayLike<number>, rawDim: number): Float32Array {
  const n = rows.length / rawDim;
  const k = encoding.keepColumns.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      out[i * k + c] = ((rows[i * rawDim + encoding.keepColumns[c]!] as number) - encoding.mean[c]!) / encoding.std[c]!;
    }
  }
  return out;
}
