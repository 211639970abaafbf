import type { ReferenceDiagnostics } from '../protocol/payloads';
import type { Matrix } from '../core/matrix';

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
