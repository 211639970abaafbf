import type { Rng } from '../core/rng';
import { type Module, ResidualMlp } from './dense';
import { type Tensor2D, type Tensor3D, tf, type Variable } from './tf';

/**
 * How a network embeds its (encoded) data x before the estimator sees it (issue 19, item 1):
 *
 * - `mlp` (no `kind` in models saved before the others existed): a residual MLP on every encoded
 *   column — for long x without a declared structure;
 * - `exchangeable`: x is `numDraws` i.i.d. draws of `drawDim` columns (SLCP's four 2-D points); a
 *   shared network φ embeds each draw, the mean over draws is pooled and ρ maps it to `outputDim`
 *   — ρ(mean_j φ(x_j)), the deep set of Zaheer et al. (2017) that the SBI toolboxes offer for
 *   i.i.d. data, the same for every order of the draws. With `moments`, each draw enters φ
 *   beside its deviation from the set's mean in units of the set's spread and the spread's log
 *   (`withDrawMoments`): SLCP's θ₅ is the correlation of the draws, which plain φ would have to
 *   find as mean(x₁x₂) − mean(x₁)mean(x₂), a small difference of large learned features — none
 *   of the plain deep sets, MLPs or flows trained here learned it (θ₅'s draws as wide as its
 *   prior), while the four draws' sample correlation alone pins it (results/README.md, item 2);
 * - `transitions`: x is a trajectory of `numStates` states of `stateDim` columns (Lorenz-96's
 *   21 states of 8); a shared φ embeds each pair (x_t, x_{t+1}) and the mean over the T − 1
 *   pairs is pooled — a Markov simulator's transitions are what carries θ, and one φ over 2·8
 *   inputs has far fewer weights to overfit than an MLP over 160 columns.
 *
 * The embedded columns must be encoded alike across draws (or states): `fitPooledEncoding`.
 */
export type EmbeddingSpec =
  | { readonly kind?: 'mlp'; readonly width: number; readonly numBlocks: number; readonly outputDim: number }
  | { readonly kind: 'exchangeable'; readonly numDraws: number; readonly drawDim: number; readonly width: number; readonly numBlocks: number; readonly outputDim: number; readonly moments?: boolean }
  | { readonly kind: 'transitions'; readonly numStates: number; readonly stateDim: number; readonly width: number; readonly numBlocks: number; readonly outputDim: number };

/** The floor of a set's variance per column in `withDrawMoments` (encoded units; its spread is then ≥ 10⁻⁴). */
const MIN_SET_VARIANCE = 1e-8;

/**
 * Each draw with its set's moments, for φ: [x_j, (x_j − x̄)/s, log s] per column, x̄ and s² the
 * mean and variance over the set's draws (+ 10⁻⁸). Every added column is a function of the whole
 * set or of the draw and the set, so a deep set over these stays invariant to the draws' order.
 * Call inside a tidy (it leaves its intermediates to the caller's scope, as the networks do).
 * @param draws [n, m, d] @returns [n, m, 3d]
 */
export function withDrawMoments(draws: Tensor3D): Tensor3D {
  const deviation = tf.sub(draws, tf.mean(draws, 1, true));
  const spread = tf.sqrt(tf.add(tf.mean(tf.square(deviation), 1, true), MIN_SET_VARIANCE));
  return tf.concat([draws, tf.div(deviation, spread), tf.mul(tf.onesLike(draws), tf.log(spread))], 2) as Tensor3D;
}

/** An embedding network: [n, inputDim] encoded x → [n, outputDim] features. */
export interface Embedding extends Module {
  apply(x: Tensor2D): Tensor2D;
}

/**
 * Builds the embedding a spec describes for `inputDim` encoded columns; a structure whose size
 * does not match `inputDim` is an Error naming both.
 */
export function createEmbedding(given: EmbeddingSpec, inputDim: number, rng: Rng): Embedding {
  if (given.kind === undefined || given.kind === 'mlp') {
    const net = new ResidualMlp(inputDim, given.width, given.outputDim, given.numBlocks, rng, 'embed');
    return { variables: net.variables, apply: (x) => net.apply(x) };
  }
  const spec = given as Extract<EmbeddingSpec, { kind: 'exchangeable' | 'transitions' }>;
  const [groups, groupDim, what] = spec.kind === 'exchangeable' ? [spec.numDraws, spec.drawDim, 'draws'] : [spec.numStates, spec.stateDim, 'states'];
  if (!(Number.isInteger(groups) && Number.isInteger(groupDim) && groups >= 2 && groupDim >= 1)) {
    throw new Error(`${spec.kind} embedding: expected at least 2 ${what} of at least 1 column, got ${groups} of ${groupDim}`);
  }
  if (groups * groupDim !== inputDim) {
    throw new Error(`${spec.kind} embedding: expected ${groups} ${what} × ${groupDim} columns = ${groups * groupDim} encoded columns, got ${inputDim}`);
  }
  const moments = spec.kind === 'exchangeable' && spec.moments === true;
  const elementDim = spec.kind === 'exchangeable' ? (moments ? 3 : 1) * groupDim : 2 * groupDim;
  const phi = new ResidualMlp(elementDim, spec.width, spec.width, spec.numBlocks, rng, `${spec.kind}_phi`);
  const rho = new ResidualMlp(spec.width, spec.width, spec.outputDim, 0, rng, `${spec.kind}_rho`);
  const variables: readonly Variable[] = [...phi.variables, ...rho.variables];
  /** mean over the elements of φ(element): [n, m, elementDim] → [n, width] */
  const pool = (elements: Tensor3D): Tensor2D => {
    const [n, m] = elements.shape;
    const embedded = phi.apply(tf.reshape(elements, [n * m, elementDim]) as Tensor2D);
    return tf.mean(tf.reshape(embedded, [n, m, spec.width]), 1) as Tensor2D;
  };
  const apply =
    spec.kind === 'exchangeable'
      ? (x: Tensor2D) => {
          const draws = tf.reshape(x, [x.shape[0], groups, groupDim]) as Tensor3D;
          return rho.apply(pool(moments ? withDrawMoments(draws) : draws));
        }
      : (x: Tensor2D) => {
          const states = tf.reshape(x, [x.shape[0], groups, groupDim]) as Tensor3D;
          const from = tf.slice(states, [0, 0, 0], [-1, groups - 1, groupDim]);
          const to = tf.slice(states, [0, 1, 0], [-1, groups - 1, groupDim]);
          return rho.apply(pool(tf.concat([from, to], 2) as Tensor3D));
        };
  return { variables, apply };
}
