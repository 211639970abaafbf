/** The evaluation grid 𝒢 of β values (DESIGN.md §4). */
export const EVALUATION_BETAS: readonly number[] = [0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5];

/** The β of 𝒢 inside a β domain [low, high], in order. */
export function evaluationBetasIn(domain: readonly [number, number]): number[] {
  return EVALUATION_BETAS.filter((beta) => beta >= domain[0] && beta <= domain[1]);
}
