import type { Rng } from '../core/rng';
import { glorotUniform } from './initializers';
import { type Tensor2D, tf, type Variable } from './tf';

let nextVariableId = 0;

/** A trainable variable with a unique name, initialised from `values`. */
export function makeVariable(values: Float32Array, shape: number[], label: string): Variable {
  nextVariableId += 1;
  const initial = tf.tensor(values, shape);
  const variable = tf.variable(initial, true, `${label}_${nextVariableId}`);
  initial.dispose(); // tf.variable copies: the initial tensor would otherwise leak
  return variable;
}

/** Something with trainable variables. */
export interface Module {
  /** Every trainable variable, in a fixed order (the order weights are saved in). */
  readonly variables: readonly Variable[];
}

/** y = x W + b. */
export class Dense implements Module {
  readonly kernel: Variable;
  readonly bias: Variable;
  readonly variables: readonly Variable[];

  /** @param gain scales the initial kernel (0.1 makes a layer start near zero: near-identity flows) */
  constructor(
    readonly inputDim: number,
    readonly outputDim: number,
    rng: Rng,
    label = 'dense',
    gain = 1,
  ) {
    this.kernel = makeVariable(glorotUniform(inputDim, outputDim, rng, gain), [inputDim, outputDim], `${label}_kernel`);
    this.bias = makeVariable(new Float32Array(outputDim), [outputDim], `${label}_bias`);
    this.variables = [this.kernel, this.bias];
  }

  /** @param x [n, inputDim] @returns [n, outputDim] */
  apply(x: Tensor2D): Tensor2D {
    return tf.add(tf.matMul(x, this.kernel as Tensor2D), this.bias) as Tensor2D;
  }
}

/**
 * A residual MLP: an input projection to `width`, `numBlocks` blocks of
 * h ← h + Dense(ReLU(Dense(ReLU(h)))), and an output projection. The last layer starts
 * `outputGain` small so a flow or MDN starts near its base distribution.
 */
export class ResidualMlp implements Module {
  private readonly input: Dense;
  private readonly blocks: [Dense, Dense][];
  private readonly output: Dense;
  readonly variables: readonly Variable[];

  constructor(inputDim: number, width: number, outputDim: number, numBlocks: number, rng: Rng, label = 'mlp', outputGain = 1) {
    this.input = new Dense(inputDim, width, rng, `${label}_in`);
    this.blocks = Array.from({ length: numBlocks }, (_, b) => [
      new Dense(width, width, rng, `${label}_b${b}a`),
      new Dense(width, width, rng, `${label}_b${b}b`, 0.5),
    ]);
    this.output = new Dense(width, outputDim, rng, `${label}_out`, outputGain);
    this.variables = [this.input, ...this.blocks.flat(), this.output].flatMap((layer) => layer.variables);
  }

  /** @param x [n, inputDim] @returns [n, outputDim] */
  apply(x: Tensor2D): Tensor2D {
    return this.fromFirstLayer(this.input.apply(x));
  }

  /**
   * The first layer's share of an input's trailing columns (the input is [head, tail]):
   * tail · W[headDim:] + b. The first layer is affine, so a share computed once serves every
   * row whose tail is the same (a conditioner's context).
   * @param tail [n, inputDim − headDim] @returns [n, width]
   */
  inputShare(tail: Tensor2D, headDim: number): Tensor2D {
    const kernel = tf.slice(this.input.kernel, [headDim, 0], [this.input.inputDim - headDim, this.input.outputDim]) as Tensor2D;
    return tf.add(tf.matMul(tail, kernel), this.input.bias) as Tensor2D;
  }

  /**
   * `apply([head, tail])` given the tail's `inputShare`: head · W[:headDim] + share, then the rest.
   * The head's rows come in m groups of equal size, group g sharing row g of `share` (added by
   * broadcasting: the share is never copied per row).
   * @param head [m · k, headDim] @param share [m, width]
   */
  applyWithShare(head: Tensor2D, share: Tensor2D): Tensor2D {
    const width = this.input.outputDim;
    const kernel = tf.slice(this.input.kernel, [0, 0], [head.shape[1], width]) as Tensor2D;
    const groups = share.shape[0];
    const perGroup = head.shape[0] / groups;
    const grouped = tf.reshape(tf.matMul(head, kernel), [groups, perGroup, width]);
    return this.fromFirstLayer(tf.reshape(tf.add(grouped, tf.expandDims(share, 1)), [head.shape[0], width]) as Tensor2D);
  }

  /** The blocks and the output projection, from the first layer's output h [n, width]. */
  private fromFirstLayer(first: Tensor2D): Tensor2D {
    let h = first;
    for (const [a, b] of this.blocks) {
      h = tf.add(h, b.apply(tf.relu(a.apply(tf.relu(h))) as Tensor2D)) as Tensor2D;
    }
    return this.output.apply(tf.relu(h) as Tensor2D);
  }
}
