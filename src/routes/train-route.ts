import type { ConditionalDensity } from '../nn/conditional-density';
import type { EstimatorConfig } from '../nn/estimator';
import type { RouteHooks, RouteId, TrainingProblem } from './route';

export { isRouteId, LIKELIHOOD_ESTIMATORS, TRAINABLE_ROUTES } from './route';
import { ROUTE_A_DEFAULTS, trainRouteA } from './route-a';
import { type BetaDraws, ROUTE_B_DEFAULTS, type ScoreNetwork, trainRouteB, type ValidationCriterion } from './route-b';
import type { SnisWeights } from './snis';

export interface TrainRouteOptions extends RouteHooks {
  readonly numSimulations: number;
  readonly seed: number;
  /** Most epochs for every network of the route (early stopping usually ends sooner). */
  readonly maxEpochs?: number;
  /** The posterior estimator (default: the spline flow). */
  readonly posterior?: EstimatorConfig;
  /** Route B-NLE's likelihood estimator (default: an MDN up to 8 data columns, a coupling flow beyond). */
  readonly likelihood?: EstimatorConfig;
  /** Route B's β draws (default log-uniform on the domain). */
  readonly betaDraws?: BetaDraws;
  /** Route B's early-stopping criterion (default 'drawn-beta'). */
  readonly validation?: ValidationCriterion;
  /** Adam's learning rate and the minibatch size of every network (default the route's). */
  readonly learningRate?: number;
  readonly batchSize?: number;
}

export interface TrainedRoute {
  readonly posterior: ConditionalDensity;
  readonly validationLoss: number;
  /** Route B's training-part weights (null for routes without weights). */
  readonly trainWeights: SnisWeights | null;
  /** What the model card records beyond the common fields: epochs, phase seconds, ESS(β)/N, settings. */
  readonly extra: Record<string, unknown>;
  readonly cancelled: boolean;
  /** Route B-NLE / B-NRE: the two cross-fitted score networks, for refinement (the caller disposes them); otherwise empty. */
  readonly scoreNetworks: readonly ScoreNetwork[];
}

const SCORES = { 'b-nle': 'nle', 'b-nre': 'nre', 'b-oracle': 'oracle', 'b-oracle-nre': 'oracle-nre', npe: 'none' } as const;

/** Trains any route on a problem with the route's defaults (the CLI, pretrain and the training worker all come here). */
export async function trainRoute(problem: TrainingProblem, route: RouteId, options: TrainRouteOptions): Promise<TrainedRoute> {
  const hooks = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.betweenEpochs ? { betweenEpochs: options.betweenEpochs } : {}),
  };
  if (route === 'a') {
    const maxEpochs = options.maxEpochs ?? ROUTE_A_DEFAULTS.maxEpochs;
    const settings = {
      ...ROUTE_A_DEFAULTS,
      numSimulations: options.numSimulations,
      seed: options.seed,
      posterior: options.posterior ?? ROUTE_A_DEFAULTS.posterior,
      maxEpochs,
      scoreEpochs: Math.min(ROUTE_A_DEFAULTS.scoreEpochs, maxEpochs),
      numTriples: options.numSimulations,
    };
    const result = await trainRouteA(problem, { ...settings, ...hooks });
    return {
      posterior: result.posterior,
      validationLoss: result.fit.bestValidationLoss,
      trainWeights: null,
      scoreNetworks: [],
      cancelled: result.fit.stopped === 'cancelled' || result.scoreFit.stopped === 'cancelled',
      extra: {
        epochs: result.fit.epochs,
        bestEpoch: result.fit.bestEpoch,
        stopped: result.fit.stopped,
        phaseSeconds: result.seconds,
        essCurve: null,
        posterior: settings.posterior,
        scoreNetwork: { width: settings.scoreWidth, numBlocks: settings.scoreBlocks, noise: result.noise, epochs: result.scoreFit.epochs, bestEpoch: result.scoreFit.bestEpoch, validationLoss: result.scoreFit.bestValidationLoss },
        synthesis: { ...result.synthesis, betas: settings.betas },
      },
    };
  }
  const posterior = options.posterior ?? ROUTE_B_DEFAULTS.posterior;
  const result = await trainRouteB(problem, {
    ...ROUTE_B_DEFAULTS,
    scores: SCORES[route],
    posterior,
    numSimulations: options.numSimulations,
    seed: options.seed,
    maxEpochs: options.maxEpochs ?? ROUTE_B_DEFAULTS.maxEpochs,
    ...(options.likelihood ? { likelihood: options.likelihood } : {}),
    ...(options.betaDraws ? { betaDraws: options.betaDraws } : {}),
    ...(options.validation ? { validation: options.validation } : {}),
    ...(options.learningRate ? { learningRate: options.learningRate } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...hooks,
  });
  return {
    posterior: result.posterior,
    validationLoss: result.fit.bestValidationLoss,
    trainWeights: result.trainWeights,
    scoreNetworks: result.scoreNetworks,
    cancelled: result.fit.stopped === 'cancelled',
    extra: {
      epochs: result.fit.epochs,
      bestEpoch: result.fit.bestEpoch,
      stopped: result.fit.stopped,
      phaseSeconds: result.seconds,
      essCurve: result.essCurve,
      // Exact at the evaluation grid: near β = 1 the curve can be too steep to interpolate (Lorenz-96's scores).
      essAtEvaluationBetas: result.essAtEvaluationBetas,
      posterior,
      learningRate: options.learningRate ?? ROUTE_B_DEFAULTS.learningRate,
      batchSize: options.batchSize ?? ROUTE_B_DEFAULTS.batchSize,
      ...(route === 'npe' ? {} : { betaDraws: options.betaDraws ?? 'log-uniform', validation: options.validation ?? 'drawn-beta', validationBetas: result.validationBetas }),
      ...(route === 'b-nle' ? { likelihood: options.likelihood ?? 'default (MDN up to 8 data columns, coupling flow beyond)' } : {}),
    },
  };
}
