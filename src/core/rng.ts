/**
 * The project's one seeded random generator: xoshiro128** (Blackman & Vigna, 2018),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 *
 * Every random function in the lab takes an `Rng`; the platform's unseeded generator is never used, so every
 * sample, figure and trained model reproduces from its seed.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(state: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new Error('Rng state: expected at least one non-zero word, got all zeros');
    }
  }

  /**
   * A generator for `seed` and an optional `stream` number; equal arguments give equal draws.
   * @param seed a safe integer (negative allowed)
   * @param stream another safe integer that selects an independent stream for the same seed
   */
  static fromSeed(seed: number, stream = 0): Rng {
    for (const [name, value] of [['seed', seed], ['stream', stream]] as const) {
      if (!Number.isSafeInteger(value)) {
        throw new Error(`Rng.fromSeed: expected ${name} to be a safe integer, got ${String(value)}`);
      }
    }
    let h = splitmixMix((seed % 0x100000000) ^ 0x9e3779b9);
    h = splitmixMix(h ^ Math.floor(seed / 0x100000000));
    h = splitmixMix(h ^ (stream % 0x100000000) ^ 0x85ebca6b);
    h = splitmixMix(h ^ Math.floor(stream / 0x100000000));
    const state: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) >>> 0;
      state.push(splitmixMix(h));
    }
    return new Rng(state as [number, number, number, number]);
  }

  /** A generator started from raw xoshiro128** state words (for reference-vector tests). */
  static fromState(state: readonly [number, number, number, number]): Rng {
    return new Rng(state);
  }

  /** The next raw 32-bit output, an integer in [0, 2³²). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /**
   * A standard normal draw by the ziggurat method (Marsaglia & Tsang 2000, 128 layers), with
   * the layer index and the value taken from separate 32-bit outputs (Doornik 2005's fix for
   * the correlation of the original). About 3× faster than Box–Muller here.
   */
  normal(): number {
    for (;;) {
      const layer = this.nextUint32() & 127;
      const value = this.nextUint32() | 0; // signed 32-bit
      const x = value * ZIGGURAT.width[layer]!;
      if (Math.abs(value) < ZIGGURAT.threshold[layer]!) return x; // inside the layer's rectangle core: ~99 %
      if (layer === 0) {
        // The tail beyond r, by Marsaglia's exponential rejection.
        let tailX: number;
        let tailY: number;
        do {
          tailX = -Math.log(1 - this.uniform()) / ZIGGURAT_R;
          tailY = -Math.log(1 - this.uniform());
        } while (tailY + tailY < tailX * tailX);
        return value > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
      }
      const f0 = ZIGGURAT.density[layer]!;
      const f1 = ZIGGURAT.density[layer - 1]!;
      if (f0 + this.uniform() * (f1 - f0) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** An integer in [0, n). Uses rejection, so it has no modulo bias. */
  integerBelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0 || n > 0x100000000) {
      throw new Error(`Rng.integerBelow: expected an integer n in [1, 2^32], got ${String(n)}`);
    }
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % n;
    }
  }

  /** Shuffles `values` in place (Fisher–Yates, from the last element down: one integerBelow each). */
  shuffle(values: Uint32Array): Uint32Array {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.integerBelow(i + 1);
      const held = values[i]!;
      values[i] = values[j]!;
      values[j] = held;
    }
    return values;
  }

  /** 0…n−1 in a random order (`shuffle` of the identity). */
  permutation(n: number): Uint32Array {
    return this.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  }

  /**
   * An index drawn with probability proportional to `weights` (non-negative, finite, not all zero).
   * @param weights [k] unnormalised probabilities
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`Rng.categorical: expected finite non-negative weights, got weights[${i}] = ${w}`);
      }
      total += w;
    }
    if (!(total > 0)) throw new Error('Rng.categorical: expected at least one positive weight, got all zeros');
    const target = this.uniform() * total;
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      cumulative += weights[i] as number;
      if (target < cumulative) return i;
    }
    // Rounding can leave target ≥ the last partial sum: return the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /** A new generator whose stream is fixed by this one's next outputs (for handing to a worker or a chain). */
  split(): Rng {
    return new Rng([this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32() | 1]);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The splitmix32 finaliser (a bijective 32-bit mixer). */
function splitmixMix(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The ziggurat's right-most layer edge r and the common layer area v (Marsaglia & Tsang 2000). */
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_AREA = 9.91256303526217e-3;

/**
 * The ziggurat tables for a signed 32-bit value: `threshold[i]` (|value| below it is accepted
 * at once), `width[i]` (value → x scale) and `density[i]` = exp(−x_i²/2) at layer edge x_i.
 */
const ZIGGURAT = (() => {
  const scale = 2147483648;
  const threshold = new Float64Array(128);
  const width = new Float64Array(128);
  const density = new Float64Array(128);
  let edge = ZIGGURAT_R;
  let previous = edge;
  const q = ZIGGURAT_AREA / Math.exp(-0.5 * edge * edge);
  threshold[0] = (edge / q) * scale;
  threshold[1] = 0;
  width[0] = q / scale;
  width[127] = edge / scale;
  density[0] = 1;
  density[127] = Math.exp(-0.5 * edge * edge);
  for (let i = 126; i >= 1; i--) {
    edge = Math.sqrt(-2 * Math.log(ZIGGURAT_AREA / edge + Math.exp(-0.5 * edge * edge)));
    threshold[i + 1] = (edge / previous) * scale;
    previous = edge;
    density[i] = Math.exp(-0.5 * edge * edge);
    width[i] = edge / scale;
  }
  return { threshold, width, density };
})();
