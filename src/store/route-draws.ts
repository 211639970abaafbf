import { interpolateDraws, ladderPosition } from '../core/beta-ladder';

/**
 * What an amortized panel draws, as data: a route's β ladder and its exact draws at a resting
 * β, and which of them (or which morph between two rungs) a panel shows at a β. No store, no
 * workers: the posterior store holds these and calls `amortizedDisplay` once per frame.
 */

/** One route's β ladder for one (task, x, seed, model): `numDraws` draws per rung from one base-noise set. */
export interface RouteLadder {
  readonly key: string;
  readonly betas: readonly number[];
  /** The β it was asked for first (its first rung to arrive). */
  readonly focusBeta: number;
  /** Per rung [numDraws, thetaDim], null until it arrives. */
  readonly rungs: (Float64Array | null)[];
  continuous: boolean;
  numDone: number;
}

/** One route's exact draws at a resting β. */
export interface ExactDraws {
  /** `selectionKey` and the model's source. */
  readonly key: string;
  readonly beta: number;
  /** [numDraws, thetaDim] */
  readonly samples: Float64Array;
  readonly numDraws: number;
}

/** What an amortized panel shows at a β. */
export interface AmortizedDisplay {
  /** [n, thetaDim]; empty when there is nothing yet */
  readonly samples: Float64Array;
  /** The β the draws stand for: β itself (exact or interpolated) or the nearest rung's. */
  readonly beta: number | null;
  /**
   * `exact`: draws at β (at rest, or β is a rung); `interpolated`: each draw between its two
   * neighbouring rungs, linear in log β; `nearest-rung`: the nearest rung that has arrived (an
   * MDN, or a neighbour still missing).
   */
  readonly kind: 'exact' | 'interpolated' | 'nearest-rung' | 'none';
}

/**
 * The draws a panel shows at `beta`: its exact draws at β if it has them, else the ladder — a
 * rung's draws when β is a rung, the morph between the two neighbouring rungs for a flow
 * (`interpolateDraws`), or the nearest rung that has arrived.
 */
export function amortizedDisplay(ladder: RouteLadder | null, exact: ExactDraws | null, exactKey: string, beta: number): AmortizedDisplay {
  if (exact && exact.key === exactKey && exact.numDraws > 0) return { samples: exact.samples, beta: exact.beta, kind: 'exact' };
  if (!ladder || ladder.numDone === 0) return { samples: new Float64Array(0), beta: null, kind: 'none' };
  const position = ladderPosition(ladder.betas, beta);
  const lower = ladder.rungs[position.lower];
  const upper = ladder.rungs[position.upper];
  if (position.onRung || position.lower === position.upper) {
    const rung = ladder.rungs[position.nearest];
    if (rung) return { samples: rung, beta: ladder.betas[position.nearest]!, kind: position.onRung ? 'exact' : 'nearest-rung' };
  } else if (ladder.continuous && lower && upper) {
    return { samples: interpolateDraws(lower, upper, position.weight), beta, kind: 'interpolated' };
  }
  // The nearest rung that has arrived.
  let best = -1;
  ladder.rungs.forEach((rung, k) => {
    if (rung && (best < 0 || Math.abs(Math.log(ladder.betas[k]! / beta)) < Math.abs(Math.log(ladder.betas[best]! / beta)))) best = k;
  });
  return best < 0 ? { samples: new Float64Array(0), beta: null, kind: 'none' } : { samples: ladder.rungs[best]!, beta: ladder.betas[best]!, kind: 'nearest-rung' };
}
