import type { Matrix } from '../core/matrix';

/** Diagnostics reported with every reference run (DESIGN.md §3). */
export interface ReferenceDiagnostics {
  /** The sampler's name, e.g. "rejection", "random-walk MH", "parallel tempering". */
  readonly method: string;
  /** Accepted / proposed, over kept iterations (MCMC) or all proposals (rejection). */
  readonly acceptanceRate: number;
  /** Accepted / attempted neighbour swaps (parallel tempering only). */
  readonly swapRate: number | null;
  /** Per chain, per parameter: rank-normalised split-R̂ of the kept draws (MCMC only). */
  readonly splitRhat: readonly (readonly number[])[] | null;
  /** Per parameter: bulk ESS of all kept draws (for independent draws, the draw count). */
  readonly bulkEss: readonly number[];
  /** Fraction of kept draws in each known mode (e.g. the two Two Moons crescents), or null. */
  readonly modeMasses: readonly { readonly name: string; readonly mass: number }[] | null;
  /** Proposals or iterations run so far, and the total planned. */
  readonly iterations: number;
  readonly totalIterations: number;
  readonly seconds: number;
}

/**
 * A reference sampler for p_β(θ | x) ∝ π(θ) p(x | θ)^β that runs in slices, so a worker can
 * stream partial samples and notice a cancel between slices. Every sampler has a fixed
 * iteration budget (and rejection samplers a proposal cap): `advance` never runs forever.
 */
export interface ReferenceSampler {
  /** Runs up to `numIterations` more iterations (or proposals); returns how many it ran. */
  advance(numIterations: number): number;
  readonly isDone: boolean;
  /** Fraction of the planned work done, in [0, 1]. */
  progress(): number;
  /** The kept draws so far, [numKept, thetaDim] (a copy, safe to transfer). */
  samples(): Matrix;
  diagnostics(): ReferenceDiagnostics;
}

/** Runs a sampler to the end and returns its draws and diagnostics (Node and tests). */
export function runToEnd(sampler: ReferenceSampler): { samples: Matrix; diagnostics: ReferenceDiagnostics } {
  while (!sampler.isDone) sampler.advance(10_000);
  return { samples: sampler.samples(), diagnostics: sampler.diagnostics() };
}
