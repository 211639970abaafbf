/**
 * The project's one seeded random generator: xoshiro128** (Blackman & Vigna, 2018),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 *
 * Every random function in the lab takes an `Rng`; `Math.random` is never used, so every
 * sample, figure and trained model reproduces from its seed.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second normal of the last Box–Muller pair, or NaN when none is cached. */
  private spareNormal = Number.NaN;

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

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform())); // 1 − u ∈ (0, 1]
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
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
