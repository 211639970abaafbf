/**
 * The data shapes that the samplers and routes make and the workers post to the page: a reference
 * run's diagnostics, an exact grid's contour lines and marginals, the oracle ESS curves. They are
 * defined here, with the messages that carry them (`responses.ts` checks them on arrival), so the
 * page reads them without importing the code that makes them.
 */

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

/** Line segments of one or more levels of one pair of parameters: x and y hold (x₁, x₂, NaN) per segment, NaN breaking the line. */
export interface ContourLines {
  /** Indices of the two parameters (x axis, y axis). */
  readonly params: readonly [number, number];
  /** The highest-density-region masses drawn, one level each. */
  readonly masses: readonly number[];
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** A 1-D marginal density on cell centres. */
export interface MarginalCurve {
  readonly param: number;
  readonly xs: Float64Array;
  readonly density: Float64Array;
}

/** What the page draws from an exact grid posterior at one β: contour lines (computed once, in the worker) and marginals. */
export interface GridView {
  readonly beta: number;
  /** One set of highest-density-region lines per drawn pair of parameters. */
  readonly contours: readonly ContourLines[];
  readonly marginals: readonly MarginalCurve[];
}

/** ESS(β)/N of Route B's weights with exact scores (DESIGN.md §4's oracles), on a β grid. */
export interface OracleEssCurve {
  readonly route: 'b-oracle' | 'b-oracle-nre';
  readonly betas: readonly number[];
  readonly essFraction: readonly number[];
}
