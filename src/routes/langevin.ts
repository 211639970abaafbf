import type { Rng } from '../core/rng';
import { type Tensor2D, tf } from '../nn/tf';

/** The step schedule of the short-run Langevin synthesis (Route A, Phase II). */
export interface LangevinSchedule {
  /** K, the number of steps. */
  readonly steps: number;
  /** η₀, the first step size (in the z-scored coordinates, squared units). */
  readonly firstStep: number;
  /** η_{K−1}, the last; the sizes in between are geometric. */
  readonly lastStep: number;
}

/**
 * Where θ lives, in the coordinates Langevin runs in: a box (the prior is uniform: ∇ log π = 0
 * inside, and θ is reflected back at the walls) or an everywhere-positive prior with its score.
 */
export type PriorGeometry =
  | { readonly kind: 'box'; readonly low: readonly number[]; readonly high: readonly number[] }
  | { readonly kind: 'smooth'; readonly score: (theta: Tensor2D) => Tensor2D };

export interface LangevinProblem {
  readonly thetaDim: number;
  /** The joint score ∇_(θ,x) log p(θ, x) (learned or exact). @param y [m, D] @returns [m, D] */
  readonly score: (y: Tensor2D) => Tensor2D;
  readonly prior: PriorGeometry;
}

export interface LangevinResult {
  /** [kept, D] the final states of the chains that stayed finite, θ columns first. */
  readonly states: Float32Array;
  /** [kept] each kept chain's β. */
  readonly betas: Float32Array;
  /** Chains dropped because a coordinate became NaN or ±∞ (never passed on). */
  readonly numDropped: number;
}

/** η_k for k = 0…K−1, geometric from firstStep to lastStep. */
export function stepSizes(schedule: LangevinSchedule): number[] {
  const { steps, firstStep, lastStep } = schedule;
  if (!(Number.isInteger(steps) && steps >= 1 && firstStep > 0 && lastStep > 0)) {
    throw new Error(`Langevin schedule: expected an integer K ≥ 1 and positive step sizes, got K = ${steps}, η from ${firstStep} to ${lastStep}`);
  }
  return Array.from({ length: steps }, (_, k) => firstStep * (lastStep / firstStep) ** (steps === 1 ? 0 : k / (steps - 1)));
}

/**
 * Reflects each coordinate into [low, high] (as often as needed: a long step folds back and
 * forth), so every θ stays inside the prior box. @param theta [m, d]
 */
export function reflectIntoBox(theta: Tensor2D, low: readonly number[], high: readonly number[]): Tensor2D {
  return tf.tidy(() => {
    const lo = tf.tensor1d([...low]);
    const width = tf.sub(tf.tensor1d([...high]), lo);
    const folded = tf.mod(tf.sub(theta, lo), tf.mul(width, 2));
    return tf.add(lo, tf.sub(width, tf.abs(tf.sub(folded, width)))) as Tensor2D;
  });
}

/**
 * Short-run Langevin dynamics on the tempered joint p̃_β(θ, x) ∝ π(θ) p(x | θ)^β (paper Alg. 2
 * ll. 7–13, eqs. 3 and 5), one chain per row, each with its own β:
 *   g = β s(θ, x) − (β − 1)(∇_θ log π(θ), 0),   y ← y + η_k g + √(2η_k) ξ,  ξ ~ N(0, I),
 * with θ reflected into the box for a box prior (where ∇ log π = 0). Runs in whatever affine
 * coordinates the score is given in (the z-scored ones for Route A: no Jacobian term). Noise is
 * seeded from `rng`. Chains that become non-finite are dropped and counted, never returned.
 * @param start [m, D] initial states (θ columns first) @param betas [m]
 * @param onStep called after each step with the step index (progress, cancellation: return false to stop)
 */
export async function runTemperedLangevin(
  problem: LangevinProblem,
  start: Float32Array,
  betas: Float32Array,
  schedule: LangevinSchedule,
  rng: Rng,
  onStep?: (step: number) => Promise<boolean | void> | boolean | void,
): Promise<LangevinResult> {
  const m = betas.length;
  const dim = start.length / m;
  if (!Number.isInteger(dim) || dim <= problem.thetaDim) {
    throw new Error(`Langevin: expected ${m} start rows of more than ${problem.thetaDim} values, got ${start.length} values`);
  }
  const badBeta = betas.findIndex((beta) => !(beta > 0 && Number.isFinite(beta)));
  if (badBeta >= 0) throw new Error(`Langevin: expected every β > 0, got ${betas[badBeta]} for chain ${badBeta}`);
  const { thetaDim, prior } = problem;
  const beta = tf.tensor2d(betas, [m, 1]);
  const betaMinusOne = tf.sub(beta, 1);
  let y = tf.tensor2d(start, [m, dim]);
  try {
    for (const [k, eta] of stepSizes(schedule).entries()) {
      const next = tf.tidy(() => {
        let drift = tf.mul(beta, problem.score(y)) as Tensor2D;
        if (prior.kind === 'smooth') {
          const theta = tf.slice(y, [0, 0], [m, thetaDim]) as Tensor2D;
          const priorTerm = tf.concat([tf.mul(betaMinusOne, prior.score(theta)), tf.zeros([m, dim - thetaDim])], 1);
          drift = tf.sub(drift, priorTerm) as Tensor2D;
        }
        const noise = tf.randomNormal([m, dim], 0, 1, 'float32', rng.nextUint32());
        const moved = tf.add(tf.add(y, tf.mul(drift, eta)), tf.mul(noise, Math.sqrt(2 * eta))) as Tensor2D;
        if (prior.kind !== 'box') return moved;
        const theta = reflectIntoBox(tf.slice(moved, [0, 0], [m, thetaDim]) as Tensor2D, prior.low, prior.high);
        return tf.concat([theta, tf.slice(moved, [0, thetaDim], [m, dim - thetaDim])], 1) as Tensor2D;
      });
      y.dispose();
      y = next;
      if ((await onStep?.(k)) === false) break;
    }
    const values = (await y.data()) as Float32Array;
    const keep: number[] = [];
    for (let i = 0; i < m; i++) {
      let finite = true;
      for (let j = 0; j < dim && finite; j++) finite = Number.isFinite(values[i * dim + j]!);
      if (finite) keep.push(i);
    }
    const states = new Float32Array(keep.length * dim);
    keep.forEach((row, i) => states.set(values.subarray(row * dim, (row + 1) * dim), i * dim));
    return { states, betas: Float32Array.from(keep, (row) => betas[row]!), numDropped: m - keep.length };
  } finally {
    y.dispose();
    beta.dispose();
    betaMinusOne.dispose();
  }
}
