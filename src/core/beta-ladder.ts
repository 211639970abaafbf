/**
 * The β ladder of the live page: the values of β at which the β-dependent work (draws of q,
 * exact grid draws, contours) is precomputed once per observation, so that a frame of a slider
 * drag only interpolates between two rungs and draws.
 */

/** Rungs log-spaced over the domain before 𝒢 and 1 are merged in (the "at least 33"). */
export const MIN_LADDER_RUNGS = 33;

/** Two β closer than this (relative) are one rung. */
const SAME_BETA = 1e-9;

/**
 * The ladder over `domain`: `numLogSpaced` log-spaced values from low to high, with every β of
 * `required` inside the domain (𝒢) and 1 merged in, sorted ascending, without duplicates.
 */
export function betaLadder(domain: readonly [number, number], required: readonly number[], numLogSpaced = MIN_LADDER_RUNGS): number[] {
  const [low, high] = domain;
  if (!(low > 0 && high > low && Number.isFinite(high))) throw new Error(`β ladder: expected a domain 0 < low < high, got [${low}, ${high}]`);
  if (!Number.isInteger(numLogSpaced) || numLogSpaced < 2) throw new Error(`β ladder: expected at least 2 log-spaced rungs, got ${numLogSpaced}`);
  const spaced = Array.from({ length: numLogSpaced }, (_, k) => (k === numLogSpaced - 1 ? high : low * (high / low) ** (k / (numLogSpaced - 1))));
  const inside = [...required, 1].filter((beta) => beta >= low && beta <= high);
  const sorted = [...spaced, ...inside].sort((a, b) => a - b);
  return sorted.filter((beta, k) => k === 0 || Math.abs(beta - sorted[k - 1]!) > SAME_BETA * beta);
}

/** Where β sits on a ladder: the rungs below and above and the weight of the upper one (linear in log β). */
export interface LadderPosition {
  readonly lower: number;
  readonly upper: number;
  /** 0 at the lower rung, 1 at the upper; log β − log β_lower over log β_upper − log β_lower. */
  readonly weight: number;
  /** The rung nearest in log β. */
  readonly nearest: number;
  /** True when β is a rung (within float rounding). */
  readonly onRung: boolean;
}

/** The rungs around β (clamped to the ladder's ends). @param ladder ascending */
export function ladderPosition(ladder: readonly number[], beta: number): LadderPosition {
  const last = ladder.length - 1;
  if (last < 0) throw new Error('β ladder: expected at least one rung, got none');
  if (beta <= ladder[0]!) return { lower: 0, upper: 0, weight: 0, nearest: 0, onRung: Math.abs(beta - ladder[0]!) <= SAME_BETA * beta };
  if (beta >= ladder[last]!) return { lower: last, upper: last, weight: 0, nearest: last, onRung: Math.abs(beta - ladder[last]!) <= SAME_BETA * beta };
  let upper = 1;
  while (ladder[upper]! < beta) upper += 1;
  const lower = upper - 1;
  const weight = Math.log(beta / ladder[lower]!) / Math.log(ladder[upper]! / ladder[lower]!);
  const onLower = weight <= SAME_BETA;
  const onUpper = 1 - weight <= SAME_BETA;
  return { lower, upper, weight: onLower ? 0 : onUpper ? 1 : weight, nearest: weight < 0.5 ? lower : upper, onRung: onLower || onUpper };
}

/** The ladder's indices ordered by distance in log β from `beta`, nearest first (the order rungs are computed in). */
export function rungsNearestFirst(ladder: readonly number[], beta: number): number[] {
  const distance = (k: number) => Math.abs(Math.log(ladder[k]! / beta));
  return ladder.map((_, k) => k).sort((a, b) => distance(a) - distance(b) || a - b);
}

/**
 * Draw i of the cloud at `position`: (1 − w)·θᵢ(β_lower) + w·θᵢ(β_upper), per coordinate. The
 * box is convex, so interpolated draws stay inside it.
 * @param lower [n, d] @param upper [n, d] @param out [n, d]
 */
export function interpolateDraws(lower: Float64Array, upper: Float64Array, weight: number, out: Float64Array = new Float64Array(lower.length)): Float64Array {
  if (lower.length !== upper.length || out.length !== lower.length) throw new Error(`interpolateDraws: expected arrays of one length, got ${lower.length}, ${upper.length} and ${out.length}`);
  const keep = 1 - weight;
  for (let i = 0; i < lower.length; i++) out[i] = keep * lower[i]! + weight * upper[i]!;
  return out;
}
