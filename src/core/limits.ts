/** Bounds that the samplers enforce and the worker messages check, in one place both may import. */

/** The largest β any sampler or network is asked for (the lab's domains end at 2). */
export const MAX_BETA = 10;

/** The most reference draws one run may ask for. */
export const MAX_REFERENCE_DRAWS = 1_000_000;
