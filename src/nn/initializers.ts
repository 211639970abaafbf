import type { Rng } from '../core/rng';

/**
 * Glorot-uniform initial weights for a [fanIn, fanOut] kernel, drawn from the project's rng
 * so that every network reproduces from its seed.
 * @returns [fanIn · fanOut] row-major
 */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng, gain = 1): Float32Array {
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => rng.uniformIn(-bound, bound));
}
