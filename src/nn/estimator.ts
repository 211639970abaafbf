import type { Rng } from '../core/rng';
import type { Module } from './dense';
import type { Tensor1D, Tensor2D } from './tf';

/** How an estimator is built: everything needed to rebuild it before loading its weights. */
export type EstimatorConfig =
  | {
      readonly kind: 'mdn';
      /** Number of full-covariance Gaussian components K. */
      readonly numComponents: number;
      readonly hiddenWidth: number;
      readonly numBlocks: number;
    }
  | {
      readonly kind: 'coupling-flow';
      /** Number of affine coupling transforms (≥ 5), masks alternating. */
      readonly numTransforms: number;
      readonly hiddenWidth: number;
      readonly numBlocks: number;
    }
  | {
      readonly kind: 'spline-flow';
      /** Number of rational-quadratic spline coupling transforms (≥ 5), masks alternating. */
      readonly numTransforms: number;
      /** Bins K of each spline. */
      readonly numBins: number;
      /** The splines act on [−B, B] and are the identity outside. */
      readonly tailBound: number;
      readonly hiddenWidth: number;
      readonly numBlocks: number;
      /** A learned invertible linear layer W = LU after every coupling layer (absent in models saved before it existed: none). */
      readonly linearMixing?: boolean;
    };

/**
 * A conditional density q(y | c) on ℝ^outputDim given context features c ∈ ℝ^contextDim.
 * Inputs are already transformed (logit-mapped θ, z-scored x, embedded context); the wrapper
 * in conditional-density.ts owns those maps and their Jacobians.
 *
 * Contract, checked for every estimator by test/nn/estimator-suite.test.ts: `sample` and
 * `logProb` agree; the density integrates to 1; any batch size works; tensors do not leak.
 */
export interface ConditionalDensityEstimator extends Module {
  readonly config: EstimatorConfig;
  readonly outputDim: number;
  readonly contextDim: number;
  /**
   * log q(y | c) per row (differentiable).
   * @param y [n, outputDim] @param context [n, contextDim] @returns [n]
   */
  logProb(y: Tensor2D, context: Tensor2D): Tensor1D;
  /**
   * Draws `numPerContext` samples for each context row, all randomness from `rng`.
   * @param context [m, contextDim]
   * @returns [m · numPerContext, outputDim] row-major, the draws of context row i first
   */
  sample(context: Tensor2D, numPerContext: number, rng: Rng): Promise<Float32Array>;
  /**
   * A flow's inverse pass from given base noise (absent for an MDN, whose draws also pick a
   * component): `sample` draws its noise and calls this. With the same noise and context a draw
   * is a continuous function of the context, which the live page's β ladder relies on.
   * @param base [n, outputDim] standard-normal rows @param contexts [n, contextDim] @returns [n, outputDim]
   */
  fromBase?(base: Tensor2D, contexts: Tensor2D): Tensor2D;
  /**
   * Each transform's conditioner's first-layer share of the context (`ResidualMlp.inputShare`):
   * computed once for contexts that many rows share, then handed to `fromBaseWithShares`.
   * @param contexts [m, contextDim] @returns per transform [m, width]
   */
  contextShares?(contexts: Tensor2D): Tensor2D[];
  /**
   * `fromBase` with the contexts' shares instead of the contexts.
   * @param base [m · k, outputDim], rows in m groups of k @param shares per transform [m, width], one row per group
   */
  fromBaseWithShares?(base: Tensor2D, shares: readonly Tensor2D[]): Tensor2D;
  dispose(): void;
}
