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
  sliceRows = SAMPLE_ROWS,
): Promise<Float32Array> {
  const n = context.shape[0] * numPerContext;
  const noise = Float32Array.from({ length: n * d }, () => rng.normal());
  const contexts = tf.tidy(() => tf.reshape(tf.tile(tf.expandDims(context, 1), [1, numPerContext, 1]), [n, context.shape[1]]) as Tensor2D);
  const values = new Float32Array(n * d);
  try {
    // In slices of SAMPLE_ROWS (the noise is drawn above, so slicing leaves every draw as it was):
    // refinement draws 10⁵ at once, and a 5-D spline flow's intermediate tensors for all of them exhaust wasm's memory.
    for (let start = 0; start < n; start += sliceRows) {
      const rows = Math.min(sliceRows, n - start);
      const draws = tf.tidy(() => toData(tf.tensor2d(noise.subarray(start * d, (start + rows) * d), [rows, d]), tf.slice(contexts, [start, 0], [rows, -1]) as Tensor2D));
      values.set((await draws.data()) as Float32Array, start * d);
      draws.dispose();
    }
  } finally {
    contexts.dispose();
  }
  return values;
}

/** Draws pushed through a flow per slice (see sampleFlow). */
export const SAMPLE_ROWS = 16_384;
