import { getTask } from '../../src/benchmarks/registry';
import { TASK_IDS } from '../../src/benchmarks/metadata/catalog';
import { chooseBackend } from '../../src/nn/backend';
import type { EstimatorConfig } from '../../src/nn/estimator';
import type { ModelCard } from '../../src/nn/serialize';
import type { RouteId } from '../../src/routes/route';
import { BETA_DRAWS, type BetaDraws, MIN_VALIDATION_ESS, ROUTE_B_DEFAULTS, VALIDATION_CRITERIA, type ValidationCriterion } from '../../src/routes/route-b';
import { ROUTE_A_DEFAULTS } from '../../src/routes/route-a';
import { isRouteId, LIKELIHOOD_ESTIMATORS, TRAINABLE_ROUTES, trainRoute } from '../../src/routes/train-route';
import { trainingProblemFor } from '../../src/routes/training-problem';
import { type Command, type FlagValues, integerFlag, requireString, SEED_OPTION, SEED_USAGE, seedFlag, TASK_USAGE, taskFlag, UsageError, writableOut } from '../command';
import { saveTrainedRoute } from '../model-files';
import { currentCommit } from '../provenance';


/** The posterior estimators `--posterior` offers, named by their kind; the spline flow is the default. */
export const POSTERIORS: Record<string, EstimatorConfig> = {
  'spline-flow': ROUTE_B_DEFAULTS.posterior,
  /** The spline flow with a learned LU-linear layer after every coupling layer, as sbi's NSF has. */
  'spline-flow-lu': { ...ROUTE_B_DEFAULTS.posterior, linearMixing: true } as EstimatorConfig,
  'coupling-flow': { kind: 'coupling-flow', numTransforms: 6, hiddenWidth: 64, numBlocks: 2 },
  mdn: { kind: 'mdn', numComponents: 10, hiddenWidth: 64, numBlocks: 2 },
};
export const DEFAULT_POSTERIOR = 'spline-flow';

/** Reads --likelihood (default auto); it only applies to b-nle. */
export function likelihoodFlag(values: FlagValues): EstimatorConfig | null {
  const name = typeof values.likelihood === 'string' ? values.likelihood : 'auto';
  if (!(name in LIKELIHOOD_ESTIMATORS)) throw new UsageError(`--likelihood: expected one of ${Object.keys(LIKELIHOOD_ESTIMATORS).join(', ')}, got "${name}"`);
  return LIKELIHOOD_ESTIMATORS[name]!;
}

/** A result's route label: the route id, plus the estimator's kind and the β draws where they are not the defaults (`b-nre/mdn/grid-beta`). */
export function routeLabel(route: string, posterior: EstimatorConfig, betaDraws: unknown = 'log-uniform'): string {
  const mixing = posterior.kind === 'spline-flow' && posterior.linearMixing === true;
  const name = mixing ? 'spline-flow-lu' : posterior.kind;
  return [route, name === DEFAULT_POSTERIOR ? null : name, betaDraws === 'grid' ? 'grid-beta' : null].filter((part) => part !== null).join('/');
}

export const TRAIN_USAGE = [
  TASK_USAGE,
  `  --route R       one of ${Object.keys(TRAINABLE_ROUTES).join(', ')}`,
  `  --sims N        simulations in the base set (default ${ROUTE_B_DEFAULTS.numSimulations})`,
  `  --epochs E      most epochs per network (default ${ROUTE_B_DEFAULTS.maxEpochs}; Route A's score network stops at min(E, ${ROUTE_A_DEFAULTS.scoreEpochs}); early stopping usually ends sooner)`,
  `  --posterior P   the posterior estimator: ${Object.keys(POSTERIORS).join(', ')} (default ${DEFAULT_POSTERIOR})`,
  `  --beta-draws D  Route B's β per example: ${BETA_DRAWS.join(' or ')} (default log-uniform on the domain; grid = uniform over 𝒢 in the domain)`,
  `  --validation V  Route B's early-stopping criterion: ${VALIDATION_CRITERIA.join(' or ')} (default drawn-beta: each validation example at its drawn β; trusted-grid: the β of 𝒢 with validation ESS ≥ ${MIN_VALIDATION_ESS})`,
  `  --batch-size B  Route B's minibatch size, an integer in [8, 4096] (default ${ROUTE_B_DEFAULTS.batchSize})`,
  `  --learning-rate R  Route B's Adam learning rate, in (0, 0.1] (default ${ROUTE_B_DEFAULTS.learningRate})`,
  `  --likelihood L  b-nle's likelihood estimator: ${Object.keys(LIKELIHOOD_ESTIMATORS).join(', ')} (default auto: an MDN up to 8 data columns, a coupling flow beyond)`,
  SEED_USAGE,
].join('\n');

/** Reads --validation (absent: the route's default); only a weighted Route B has a criterion to choose. */
function validationFlag(values: FlagValues, route: RouteId): ValidationCriterion | undefined {
  const raw = values.validation;
  if (raw === undefined) return undefined;
  if (!(VALIDATION_CRITERIA as readonly unknown[]).includes(raw)) throw new UsageError(`--validation: expected one of ${VALIDATION_CRITERIA.join(', ')}, got "${String(raw)}"`);
  if (!route.startsWith('b-')) throw new UsageError(`--validation: expected only with a weighted Route B route (b-nle, b-nre, b-oracle, b-oracle-nre), got --route ${route}`);
  return raw as ValidationCriterion;
}

/** Reads --learning-rate (absent: the route's default). */
function learningRateFlag(values: FlagValues): number | undefined {
  const raw = values['learning-rate'];
  if (raw === undefined) return undefined;
  const rate = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(rate > 0 && rate <= 0.1)) throw new UsageError(`--learning-rate: expected a number in (0, 0.1], got "${String(raw)}"`);
  return rate;
}

/** Reads --route. */
export function routeFlag(values: FlagValues): RouteId {
  const route = requireString(values, 'route');
  if (!isRouteId(route)) throw new UsageError(`--route: expected one of ${Object.keys(TRAINABLE_ROUTES).join(', ')}, got "${route}"`);
  return route;
}

/** Trains a route for a task and returns the model with its card (shared by train and evaluate). */
export async function trainModel(values: FlagValues, log: (line: string) => void) {
  const task = taskFlag(values);
  const route = routeFlag(values);
  const sims = integerFlag(values, 'sims', ROUTE_B_DEFAULTS.numSimulations, 100, 1_000_000);
  const epochs = integerFlag(values, 'epochs', ROUTE_B_DEFAULTS.maxEpochs, 1, 10_000);
  const seed = seedFlag(values);
  const posteriorName = typeof values.posterior === 'string' ? values.posterior : DEFAULT_POSTERIOR;
  const posterior = POSTERIORS[posteriorName];
  if (!posterior) throw new UsageError(`--posterior: expected one of ${Object.keys(POSTERIORS).join(', ')}, got "${posteriorName}"`);
  const likelihood = likelihoodFlag(values);
  const batchSize = values['batch-size'] === undefined ? undefined : integerFlag(values, 'batch-size', ROUTE_B_DEFAULTS.batchSize, 8, 4096);
  const learningRate = learningRateFlag(values);
  if ((batchSize !== undefined || learningRate !== undefined) && route === 'a') throw new UsageError(`--${batchSize !== undefined ? 'batch-size' : 'learning-rate'}: expected only with a Route B route (Route A has its own per network), got --route a`);
  if (likelihood && route !== 'b-nle') throw new UsageError(`--likelihood: expected only with --route b-nle (it sets the neural likelihood), got --route ${route}`);
  const betaDraws = typeof values['beta-draws'] === 'string' ? values['beta-draws'] : undefined;
  if (betaDraws !== undefined && !(BETA_DRAWS as readonly string[]).includes(betaDraws)) throw new UsageError(`--beta-draws: expected one of ${BETA_DRAWS.join(', ')}, got "${betaDraws}"`);
  if (betaDraws !== undefined && !route.startsWith('b-')) throw new UsageError(`--beta-draws: expected only with a Route B route (b-nle, b-nre, b-oracle, b-oracle-nre), got --route ${route}`);
  const validation = validationFlag(values, route);
  if (route === 'b-oracle' && !task.logLikelihood) throw new UsageError(`--route b-oracle: expected a task with an exact likelihood, got ${task.id} (it has none)`);
  if (route === 'b-oracle-nre' && !task.logEvidence) {
    throw new UsageError(`--route b-oracle-nre: expected a task with an exact evidence p(x) (${TASK_IDS.filter((id) => getTask(id).logEvidence).join(', ')}), got ${task.id}`);
  }
  const backend = await chooseBackend({ candidates: ['wasm', 'cpu'] });
  const start = performance.now();
  let lastLog = 0;
  const result = await trainRoute(trainingProblemFor(task), route, {
    numSimulations: sims,
    maxEpochs: epochs,
    seed,
    posterior,
    ...(likelihood ? { likelihood } : {}),
    ...(betaDraws ? { betaDraws: betaDraws as BetaDraws } : {}),
    ...(validation ? { validation } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(learningRate !== undefined ? { learningRate } : {}),
    onProgress: (progress) => {
      if (performance.now() - lastLog < 2000 && progress.epoch !== null) return;
      lastLog = performance.now();
      const ess = progress.step === 'weights ready' ? { ess: progress.ess } : {};
      log(JSON.stringify({ progress: progress.phase, step: progress.step, epoch: progress.epoch, trainLoss: progress.trainLoss, validationLoss: progress.validationLoss, ...ess }));
    },
  });
  const card: ModelCard = {
    task: task.id,
    route,
    budget: sims,
    seed,
    commit: currentCommit(),
    createdAt: new Date().toISOString(),
    backend: backend.chosen,
    trainingSeconds: (performance.now() - start) / 1000,
    validationLoss: result.validationLoss,
    extra: { command: `npm run cli -- ${process.argv.slice(2).join(' ')}`, ...result.extra, betaDomain: task.betaDomain },
  };
  return { task, route, sims, seed, result, card, posterior };
}

/** `train --task T --route R --sims N --seed S --out DIR`: trains a route and saves the model with its card. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a route (b-nle, b-nre, b-oracle, b-oracle-nre, npe) and save the model with its card',
  usage: `${TRAIN_USAGE}\n  --out DIR       folder for model.json and weights.bin (Route B adds its two score networks as score-1/, score-2/)`,
  options: { task: { type: 'string' }, route: { type: 'string' }, sims: { type: 'string' }, epochs: { type: 'string' }, posterior: { type: 'string' }, likelihood: { type: 'string' }, 'beta-draws': { type: 'string' }, validation: { type: 'string' }, 'batch-size': { type: 'string' }, 'learning-rate': { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },
  async run(values) {
    const out = writableOut(requireString(values, 'out'), 'dir');
    const { task, route, sims, seed, result, card } = await trainModel(values, (line) => console.log(line));
    await saveTrainedRoute(out, result.posterior, card, result.scoreNetworks);
    result.posterior.dispose();
    result.scoreNetworks.forEach((network) => network.dispose());
    return { command: 'train', task: task.id, route, sims, seed, out, epochs: result.extra.epochs, validationLoss: card.validationLoss, seconds: card.trainingSeconds };
  },
};
