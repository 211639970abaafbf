import type { Rng } from '../core/rng';
import { type Tensor1D, type Tensor2D, tf } from './tf';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; 0, I) per row. @param z [n, d] @returns [n] */
export function logStandardNormal(z: Tensor2D): Tensor1D {
  return tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), 1)), 0.5 * z.shape[1] * LOG_2PI) as Tensor1D;
}

/**
 * Draws from a flow: base noise from `rng`, each context row repeated numPerContext times
 * (rows of one context together), pushed through `toData`, read with `await data()`.
 * @param context [m, k] @returns [m · numPerContext, d]
 */
export async function sampleFlow(
  context: Tensor2D,
  numPerContext: number,
  d: number,
  rng: Rng,
  toData: (z: Tensor2D, contexts: Tensor2D) => Tensor2D,
): Promise<Float32Array> {
  const n = context.shape[0] * numPerContext;
  const noise = Float32Array.from({ length: n * d }, () => rng.normal());
  const draws = tf.tidy(() => {
    const contexts = tf.reshape(tf.tile(tf.expandDims(context, 1), [1, numPerContext, 1]), [n, context.shape[1]]) as Tensor2D;
    return toData(tf.tensor2d(noise, [n, d]), contexts);
  });
  const values = (await draws.data()) as Float32Array;
  draws.dispose();
  return values;
}
