/**
 * The vocabulary of routes that the page, the worker messages and the command line share: ids,
 * what each is, and B-NLE's likelihood estimators by name. Names only — the estimators' settings
 * and the routes themselves live in src/routes.
 */

/** The training routes (DESIGN.md §7), and the plain NPE yardstick. */
export type RouteId = 'a' | 'b-nle' | 'b-nre' | 'b-oracle' | 'b-oracle-nre' | 'npe';

/** Every route the lab trains, with what it is (for usage messages and menus). */
export const TRAINABLE_ROUTES: Readonly<Record<RouteId, string>> = {
  a: 'Route A: score network + tempered Langevin synthesis + NPE',
  'b-nle': 'Route B: SNIS-weighted NPE, weights from a neural likelihood',
  'b-nre': 'Route B: SNIS-weighted NPE, weights from a ratio classifier',
  'b-oracle': 'Route B with exact-likelihood weights, NLE form log p(x|θ) (diagnostic)',
  'b-oracle-nre': 'Route B with exact-ratio weights, NRE form log p(x|θ) − log p(x) (diagnostic; tasks with an exact evidence)',
  npe: 'plain NPE at β = 1 (the yardstick)',
};

export function isRouteId(value: unknown): value is RouteId {
  return typeof value === 'string' && value in TRAINABLE_ROUTES;
}

/** Route B-NLE's likelihood estimators by name ('auto': the route's default); their settings are `LIKELIHOOD_ESTIMATORS` in src/routes/route.ts. */
export const LIKELIHOOD_ESTIMATOR_NAMES = ['auto', 'spline-flow', 'coupling-flow', 'mdn'] as const;
export type LikelihoodEstimatorName = (typeof LIKELIHOOD_ESTIMATOR_NAMES)[number];

export function isLikelihoodEstimatorName(value: unknown): value is LikelihoodEstimatorName {
  return typeof value === 'string' && (LIKELIHOOD_ESTIMATOR_NAMES as readonly string[]).includes(value);
}
