/**
 * MCMC diagnostics for one parameter: split-R̂ and bulk effective sample size after Vehtari,
 * Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and localization:
 * an improved R̂ for assessing convergence of MCMC".
 */
import { normalQuantile } from '../core/normal';

/** Splits each chain into its first and second half (dropping a middle draw of odd chains). */
function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  return chains.flatMap((chain) => {
    const half = Math.floor(chain.length / 2);
    return [chain.subarray(0, half), chain.subarray(chain.length - half)];
  });
}

/** Rank-normalises the pooled draws: z = Φ⁻¹((rank − 3/8) / (S + 1/4)), average ranks for ties. */
function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const total = chains.reduce((acc, chain) => acc + chain.length, 0);
  const pooled = new Float64Array(total);
  let offset = 0;
  for (const chain of chains) {
    pooled.set(chain, offset);
    offset += chain.length;
  }
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((i, j) => pooled[i]! - pooled[j]!);
  const z = new Float64Array(total);
  for (let start = 0; start < total; ) {
    let end = start;
    while (end + 1 < total && pooled[order[end + 1]!] === pooled[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    const value = normalQuantile((rank - 0.375) / (total + 0.25));
    for (let k = start; k <= end; k++) z[order[k]!] = value;
    start = end + 1;
  }
  offset = 0;
  return chains.map((chain) => {
    const part = z.subarray(offset, offset + chain.length);
    offset += chain.length;
    return part;
  });
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Between-chain and within-chain variance terms of R̂ for chains of equal length n. */
function rhatOfChains(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = Math.min(...chains.map((chain) => chain.length));
  const means = chains.map((chain) => mean(chain.subarray(0, n)));
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const between = (n / (m - 1)) * means.reduce((acc, value) => acc + (value - grand) ** 2, 0);
  const within =
    chains.reduce((acc, chain, c) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (chain[i]! - means[c]!) ** 2;
      return acc + sum / (n - 1);
    }, 0) / m;
  if (within === 0) return between === 0 ? 1 : Number.POSITIVE_INFINITY;
  return Math.sqrt(((n - 1) / n * within + between / n) / within);
}

/**
 * Rank-normalised split-R̂ of one parameter (Vehtari et al. 2021, eq. 3–4 on split, rank-
 * normalised chains). Values near 1 mean the halves agree; above 1.01 deserves a look.
 * A single chain works too: its two halves are compared.
 * @param chains one array of draws per chain, each ≥ 4 draws
 */
export function splitRhat(chains: readonly Float64Array[]): number {
  if (chains.length === 0 || chains.some((chain) => chain.length < 4)) {
    throw new Error(`splitRhat: expected at least one chain of ≥ 4 draws, got lengths [${chains.map((c) => c.length).join(', ')}]`);
  }
  return rhatOfChains(rankNormalize(splitChains(chains)));
}

/**
 * Effective sample size of chains after Geyer's initial monotone sequence estimator, with
 * the multi-chain autocorrelation of Vehtari et al. (2021, eq. 10), from FFT-free direct sums.
 */
function essOfChains(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = Math.min(...chains.map((chain) => chain.length));
  const means = chains.map((chain) => mean(chain.subarray(0, n)));
  const variances = chains.map((chain, c) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (chain[i]! - means[c]!) ** 2;
    return sum / n;
  });
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const within = (variances.reduce((a, b) => a + b, 0) / m) * (n / (n - 1));
  const between = m > 1 ? (n / (m - 1)) * means.reduce((acc, value) => acc + (value - grand) ** 2, 0) : 0;
  const varPlus = ((n - 1) / n) * within + between / n;
  if (!(varPlus > 0)) return m * n;
  const autocovariance = (lag: number) =>
    chains.reduce((acc, chain, c) => {
      let sum = 0;
      for (let i = 0; i + lag < n; i++) sum += (chain[i]! - means[c]!) * (chain[i + lag]! - means[c]!);
      return acc + sum / n;
    }, 0) / m;
  const rho = (lag: number) => 1 - (within - autocovariance(lag)) / varPlus;
  // Geyer: sum pairs Γ_k = ρ_{2k} + ρ_{2k+1} while positive, forced monotone non-increasing.
  let tau = -1;
  let previousPair = Number.POSITIVE_INFINITY;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = (k === 0 ? 1 : rho(2 * k)) + rho(2 * k + 1);
    if (pair <= 0) break;
    pair = Math.min(pair, previousPair);
    tau += 2 * pair;
    previousPair = pair;
  }
  const total = m * n;
  // Antithetic chains can give τ < 1; cap at S·log10(S) as the reference implementation does.
  return Math.min(total / Math.max(tau, 1 / Math.log10(total)), total * Math.log10(total));
}

/**
 * Bulk effective sample size of one parameter: the ESS of the rank-normalised split chains
 * (Vehtari et al. 2021, §3.2).
 * @param chains one array of draws per chain, each ≥ 4 draws
 */
export function bulkEss(chains: readonly Float64Array[]): number {
  if (chains.length === 0 || chains.some((chain) => chain.length < 4)) {
    throw new Error(`bulkEss: expected at least one chain of ≥ 4 draws, got lengths [${chains.map((c) => c.length).join(', ')}]`);
  }
  return essOfChains(rankNormalize(splitChains(chains)));
}

/**
 * Column j of each chain's draws.
 * @param chains each [numDraws, dim] row-major
 */
export function parameterTraces(chains: readonly Float64Array[], dim: number, j: number): Float64Array[] {
  return chains.map((chain) => {
    const n = chain.length / dim;
    return Float64Array.from({ length: n }, (_, i) => chain[i * dim + j]!);
  });
}
