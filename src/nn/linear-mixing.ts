import type { Module } from './dense';
import { makeVariable } from './dense';
import { type Tensor2D, tf, type Variable } from './tf';

/**
 * A learned invertible linear map between a flow's coupling layers, W = L·U (the LU-linear layer
 * of nflows, which sbi's NSF puts after every coupling transform): L unit lower-triangular, U upper-
 * triangular with a positive diagonal exp(s). Coupling layers alone only ever condition one fixed
 * half of the coordinates on the other; W mixes every coordinate with every other, so dependence
 * within a half (SLCP's θ₃, θ₄, θ₅) is learned directly. Starts at the identity.
 *
 * Data → base (log-density): u = y·Wᵀ, log |det| = Σ s. Base → data (sampling): y = u·(W⁻¹)ᵀ,
 * W⁻¹ = U⁻¹L⁻¹ computed with tensor ops only (no read-back): L = I + N and U = D(I + D⁻¹M) with
 * N, D⁻¹M strictly triangular, hence nilpotent, so L⁻¹ = Σₖ₍₀…d₋₁₎ (−N)ᵏ and
 * U⁻¹ = Σₖ (−D⁻¹M)ᵏ·D⁻¹ exactly.
 */
export class LinearMixing implements Module {
  private readonly lower: Variable;
  private readonly upper: Variable;
  private readonly logDiagonal: Variable;
  private readonly strictLower: Tensor2D;
  private readonly strictUpper: Tensor2D;
  private readonly identity: Tensor2D;
  readonly variables: readonly Variable[];

  constructor(
    readonly dim: number,
    label: string,
  ) {
    const d = dim;
    this.lower = makeVariable(new Float32Array(d * d), [d, d], `${label}_lower`);
    this.upper = makeVariable(new Float32Array(d * d), [d, d], `${label}_upper`);
    this.logDiagonal = makeVariable(new Float32Array(d), [d], `${label}_logdiag`);
    this.variables = [this.lower, this.upper, this.logDiagonal];
    this.strictLower = tf.tensor2d(Float32Array.from({ length: d * d }, (_, k) => Number(Math.floor(k / d) > k % d)), [d, d]);
    this.strictUpper = tf.tensor2d(Float32Array.from({ length: d * d }, (_, k) => Number(Math.floor(k / d) < k % d)), [d, d]);
    this.identity = tf.eye(d) as Tensor2D;
  }

  /** W = L·U. @returns [d, d] */
  private matrix(): Tensor2D {
    const l = tf.add(this.identity, tf.mul(this.lower, this.strictLower)) as Tensor2D;
    const u = tf.add(tf.mul(this.upper, this.strictUpper), tf.mul(this.identity, tf.exp(this.logDiagonal))) as Tensor2D;
    return tf.matMul(l, u);
  }

  /** Σₖ (−A)ᵏ for strictly triangular A [d, d]: (I + A)⁻¹. */
  private neumannInverse(a: Tensor2D): Tensor2D {
    let term: Tensor2D = this.identity;
    let sum: Tensor2D = this.identity;
    for (let k = 1; k < this.dim; k++) {
      term = tf.neg(tf.matMul(term, a));
      sum = tf.add(sum, term) as Tensor2D;
    }
    return sum;
  }

  /** W⁻¹ = U⁻¹L⁻¹. @returns [d, d] */
  private inverseMatrix(): Tensor2D {
    const lInverse = this.neumannInverse(tf.mul(this.lower, this.strictLower) as Tensor2D);
    const inverseDiagonal = tf.exp(tf.neg(this.logDiagonal));
    // D⁻¹M: row i of M divided by d_i.
    const scaled = tf.mul(tf.mul(this.upper, this.strictUpper), tf.expandDims(inverseDiagonal, 1)) as Tensor2D;
    const uInverse = tf.mul(this.neumannInverse(scaled), inverseDiagonal) as Tensor2D; // (I + D⁻¹M)⁻¹·D⁻¹: columns scaled
    return tf.matMul(uInverse, lInverse);
  }

  /** Data → base: u = y·Wᵀ. @param y [n, d] @returns u [n, d] and log |det W| (a scalar, the same for every row) */
  forward(y: Tensor2D): { u: Tensor2D; logDet: Tensor2D } {
    return { u: tf.matMul(y, this.matrix(), false, true), logDet: tf.reshape(tf.sum(this.logDiagonal), [1, 1]) as Tensor2D };
  }

  /** Base → data: y = u·(W⁻¹)ᵀ. @param u [n, d] @returns [n, d] */
  inverse(u: Tensor2D): Tensor2D {
    return tf.matMul(u, this.inverseMatrix(), false, true);
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
    for (const constant of [this.strictLower, this.strictUpper, this.identity]) constant.dispose();
  }
}
