/** Bounds that the samplers enforce and the worker messages check, in one place both may import. */

/** The largest β any sampler or network is asked for (the lab's domains end at 2). */
export const MAX_BETA = 10;

/** The most reference draws one run may ask for. */
export const MAX_REFERENCE_DRAWS = 1_000_000;

/**
 * The fewest data sets and draws per data set a calibration accepts (issue 20): a coverage figure
 * from fewer than 20 data sets moves by 5 % or more per data set, a rank from fewer than 50
 * draws by 2 % or more per draw.
 */
export const MIN_CALIBRATION_DATA_SETS = 20;
export const MIN_CALIBRATION_DRAWS = 50;

/** The ESS/N below which the page warns that a β's weights have collapsed (documented threshold). */
export const ESS_WARNING_FRACTION = 0.01;

/** Above this k̂ the importance weights are not to be trusted (Vehtari et al. 2024). */
export const PARETO_K_LIMIT = 0.7;
