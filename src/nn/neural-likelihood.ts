import type { Rng } from '../core/rng';
import { ConditionalDensity, type ConditionalDensitySpec } from './conditional-density';
import type { Module } from './dense';
import type { Variable } from './tf';

/** Everything needed to rebuild a neural likelihood before loading its weights. */
export interface NeuralLikelihoodSpec {
  /** Raw width of x. */
  readonly xDim: number;
  /** The columns of x the density models, in order (constant columns dropped). */
  readonly keepColumns: readonly number[];
  /**
   * x is `numDraws` i.i.d. draws of `drawDim` columns and the density is one draw's:
   * q(x | θ) = Πⱼ q(xⱼ | θ). Null: one density over all kept columns.
   */
  readonly factorised: { readonly numDraws: number; readonly drawDim: number } | null;
  /** q(y | θ) with y the kept columns, or one draw when factorised. */
  readonly density: ConditionalDensitySpec;
}

/**
 * A neural likelihood q(x | θ) (DESIGN.md §4, NLE; Route B-NLE's score network): a conditional
 * density of the informative columns of x given θ — or, for exchangeable draws, of one draw,
 * with log q(x | θ) = Σⱼ log q(xⱼ | θ), a 2-D density for SLCP instead of an 8-D one (issue 19).
 * The density z-scores its output with the Jacobian included, so log q is a log-density of raw x.
 */
export class NeuralLikelihood implements Module {
  readonly density: ConditionalDensity;
  readonly variables: readonly Variable[];

  constructor(
    readonly spec: NeuralLikelihoodSpec,
    rng: Rng,
  ) {
    const { factorised, keepColumns, xDim, density } = spec;
    if (factorised && factorised.numDraws * factorised.drawDim !== xDim) {
      throw new Error(`neural likelihood: expected ${factorised.numDraws} draws × ${factorised.drawDim} columns to make x's ${xDim}, got ${factorised.numDraws * factorised.drawDim}`);
    }
    const modelled = factorised ? factorised.drawDim : keepColumns.length;
    if (density.outputDim !== modelled) throw new Error(`neural likelihood: expected a density of ${modelled} columns, got ${density.outputDim}`);
    this.density = new ConditionalDensity(density, rng);
    this.variables = this.density.variables;
  }

  /** θ's width (θ is the density's context). */
  get thetaDim(): number {
    return this.spec.density.contextDim;
  }

  /** Draws per x: the factors of the likelihood (1 when not factorised). */
  get factors(): number {
    return this.spec.factorised?.numDraws ?? 1;
  }

  /**
   * The density's training rows: (yᵢⱼ, θᵢ) — one row per draw when factorised.
   * @param theta [n, thetaDim] @param x [n, xDim] raw @returns y [n · factors, modelled], context [n · factors, thetaDim]
   */
  rows(theta: Float64Array, x: Float64Array): { y: Float64Array; context: Float64Array } {
    const { xDim, keepColumns, factorised } = this.spec;
    const n = x.length / xDim;
    const thetaDim = theta.length / n;
    if (factorised) {
      const context = new Float64Array(n * factorised.numDraws * thetaDim);
      for (let i = 0; i < n; i++) for (let j = 0; j < factorised.numDraws; j++) context.set(theta.subarray(i * thetaDim, (i + 1) * thetaDim), (i * factorised.numDraws + j) * thetaDim);
      return { y: x.slice(), context };
    }
    const width = keepColumns.length;
    return { y: Float64Array.from({ length: n * width }, (_, k) => x[Math.floor(k / width) * xDim + keepColumns[k % width]!]!), context: theta };
  }

  /**
   * log q(xᵢ | θᵢ) per row. @param theta [n, thetaDim] @param x [n, xDim] raw @returns [n]
   */
  async logProb(theta: Float64Array, x: Float64Array): Promise<Float64Array> {
    const { y, context } = this.rows(theta, x);
    const perRow = await this.density.logProb(y, context);
    const factors = this.factors;
    if (factors === 1) return perRow;
    const out = new Float64Array(perRow.length / factors);
    for (let k = 0; k < perRow.length; k++) out[Math.floor(k / factors)]! += perRow[k]!;
    return out;
  }

  dispose(): void {
    this.density.dispose();
  }
}
