import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { evaluationBetasIn } from '../../src/benchmarks/misspecified';
import { betaDomainText, networkObservation, type Task } from '../../src/benchmarks/task';
import { Rng } from '../../src/core/rng';
import { mmd } from '../../src/metrics/mmd';
import { RESULT_SCHEMA, type ResultCell, type ResultFile } from '../../src/protocol/results';
import { chooseBackend } from '../../src/nn/backend';
import type { ConditionalDensity } from '../../src/nn/conditional-density';
import type { EstimatorConfig } from '../../src/nn/estimator';
import type { ModelCard } from '../../src/nn/serialize';
import { cardEssFraction, parseEssCurve } from '../../src/routes/ess-curve';
import { c2stOnThreads } from '../c2st-threads';
import { type Command, type FlagValues, integerFlag, SEED_OPTION, UsageError, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { makeProvenance } from '../provenance';
import { cachedReferenceDraws } from '../reference-cache';
import { POSTERIORS, routeLabel, TRAIN_USAGE, trainModel } from './train';

/** What is scored: a posterior, its card, and ESS(β)/N where the route has weights. */
interface Candidate {
  readonly task: Task;
  readonly posterior: ConditionalDensity;
  readonly card: ModelCard;
  readonly label: string;
  readonly essFraction: (beta: number) => number | null;
  /** How ESS/N was obtained, written into the result file. */
  readonly essSource: string;
}

/** Trains a route (as `train` does) and wraps it for scoring. */
async function trainedCandidate(values: FlagValues): Promise<Candidate> {
  const { task, route, result, card, posterior } = await trainModel(values, (line) => console.log(line));
  result.scoreNetworks.forEach((network) => network.dispose());
  const weights = result.trainWeights;
  return { task, posterior: result.posterior, card, label: routeLabel(route, posterior, card.extra.betaDraws), essFraction: (beta) => (weights ? weights.ess(beta) / weights.scores.length : null), essSource: weights ? 'exact' : 'none' };
}

/** Loads a saved model (`--model DIR`); ESS comes from its card's curve. */
async function savedCandidate(dir: string): Promise<Candidate> {
  const { model, card, task } = loadPosteriorModel(dir);
  await chooseBackend({ candidates: ['wasm', 'cpu'] });
  const posterior = (card.extra.posterior ?? POSTERIORS['coupling-flow']) as EstimatorConfig;
  const curve = parseEssCurve(card.extra.essCurve);
  const exact = parseEssCurve(card.extra.essAtEvaluationBetas);
  const essFraction = (beta: number) => (curve ? cardEssFraction(curve, exact, beta) : null);
  const essSource = !curve ? 'none' : exact ? "exact, from the model card's values at the evaluation β" : `1 at β = 1, elsewhere interpolated linearly in log β from the model card's ${curve.betas.length}-point ESS curve — approximate where the curve is steep`;
  return { task, posterior: model, card, label: routeLabel(card.route, posterior, card.extra.betaDraws), essFraction, essSource };
}

/** Reads --betas (a comma list inside the task's domain); default 𝒢 ∩ domain, or β = 1 for the unweighted NPE. */
function betasFlag(values: FlagValues, task: Task, route: string): number[] {
  const [low, high] = task.betaDomain;
  if (typeof values.betas !== 'string') return route === 'npe' ? [1] : evaluationBetasIn([low, high]);
  return values.betas.split(',').map((text) => {
    const beta = Number(text);
    if (text.trim() === '' || !(beta >= low && beta <= high)) throw new UsageError(`--betas: expected numbers in ${betaDomainText(task)} separated by commas, got "${text}"`);
    return beta;
  });
}

/**
 * `evaluate (--task T --route R --sims N --seed S | --model DIR)`: trains the route (or loads a
 * saved model, e.g. a shipped one), then for observations 1…K (default 3) and every β of 𝒢 in
 * the task's domain (or --betas) draws n (default 10 000) samples from q(θ | x, β), scores them
 * against the reference sampler with C2ST and MMD², next to a reference-vs-reference floor and
 * ESS(β)/N, and writes results/<task>/<route>-<sims>.json with its provenance. Seeds derive
 * from the training seed S (a saved model's card seed): sampling S+1, reference S+2, floor S+3,
 * C2ST S+4. `--reference-seed R` sets the reference to R and the floor to R+1 instead, so
 * routes can be scored against the same (cached) reference draws as another route's file.
 */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'train a route (or load --model) and score it against the reference for every β of 𝒢 (writes results/)',
  usage: [
    TRAIN_USAGE,
    '  --model DIR     score a saved model instead of training one (its card names task, route, budget, seed)',
    '  --betas a,b     the β values (default 𝒢 inside the task\'s domain; 1 for route npe)',
    '  --obs-count K   observations 1…K to evaluate (default 3)',
    '  --n N           draws per side (default 10 000)',
    '  --results DIR   where result files go (default results)',
    '  --reference-seed R  reference draws from seed R and the floor from R+1 (default: the training seed + 2 and + 3)',
  ].join('\n'),
  options: {
    task: { type: 'string' },
    route: { type: 'string' },
    sims: { type: 'string' },
    epochs: { type: 'string' },
    posterior: { type: 'string' },
    model: { type: 'string' },
    betas: { type: 'string' },
    'obs-count': { type: 'string' },
    n: { type: 'string' },
    results: { type: 'string' },
    'reference-seed': { type: 'string' },
    'beta-draws': { type: 'string' },
    ...SEED_OPTION,
  },
  async run(values) {
    const numObservations = integerFlag(values, 'obs-count', 3, 1, 10);
    const n = integerFlag(values, 'n', 10_000, 100, 100_000);
    const resultsDir = writableOut(typeof values.results === 'string' ? values.results : 'results', 'dir', 'results');
    if (typeof values.model === 'string') {
      for (const flag of ['task', 'route', 'sims', 'epochs', 'posterior', 'beta-draws', 'seed']) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag}: expected nothing with --model (the model's card fixes it), got "${String(values[flag])}"`);
      }
    }
    if (values.task === 'hodgkin_huxley') throw new UsageError('--task: expected a task with a reference sampler, got hodgkin_huxley (its likelihood is intractable; use sample or predictive)');
    const candidate = typeof values.model === 'string' ? await savedCandidate(values.model) : await trainedCandidate(values);
    const { task, posterior, card, label } = candidate;
    if (!task.logLikelihood) {
      posterior.dispose();
      throw new UsageError(`--model: expected a model of a task with a reference sampler, got ${task.id} (its likelihood is intractable; use sample or predictive)`);
    }
    const betas = betasFlag(values, task, card.route);
    const seed = card.seed;
    const referenceSeed = integerFlag(values, 'reference-seed', seed + 2, -1_000_000_000, 1_000_000_000);
    const seeds = { training: seed, sampling: seed + 1, reference: referenceSeed, referenceFloor: referenceSeed + 1, c2st: seed + 4 };
    const cells: ResultCell[] = [];
    for (let k = 0; k < numObservations; k++) {
      const x = task.observations[k]!.x;
      for (const beta of betas) {
        const start = performance.now();
        const draws = await posterior.sample(Array.from(networkObservation(task, x)), n, Rng.fromSeed(seeds.sampling, 100 * k + Math.round(beta * 10)), beta);
        const seconds = (performance.now() - start) / 1000;
        const sampled = { data: draws, numRows: n, numCols: task.thetaDim };
        const reference = cachedReferenceDraws(task.id, x, beta, n, seeds.reference + 1000 * k);
        const floorRun = cachedReferenceDraws(task.id, x, beta, n, seeds.referenceFloor + 1000 * k);
        const cell: ResultCell = {
          beta,
          observation: k + 1,
          c2st: (await c2stOnThreads(reference, sampled, { seed: seeds.c2st })).accuracy,
          mmd: mmd(reference, sampled, { seed: seeds.c2st }).mmdSquared,
          essFraction: candidate.essFraction(beta),
          seconds,
          floor: {
            c2st: (await c2stOnThreads(reference, floorRun, { seed: seeds.c2st })).accuracy,
            mmd: mmd(reference, floorRun, { seed: seeds.c2st }).mmdSquared,
          },
        };
        cells.push(cell);
        console.log(JSON.stringify({ cell }));
      }
    }
    posterior.dispose();
    const file: ResultFile = {
      schema: RESULT_SCHEMA,
      task: task.id,
      route: label,
      budget: card.budget,
      provenance: makeProvenance(seeds, { reference: n, candidate: n }),
      cells,
    };
    const path = join(resultsDir, task.id, `${label.replaceAll('/', '-')}-${card.budget}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ ...file, essSource: candidate.essSource, model: card }, null, 1)}\n`);
    const mean = (pick: (cell: ResultCell) => number) => cells.reduce((acc, cell) => acc + pick(cell), 0) / cells.length;
    return { command: 'evaluate', task: task.id, route: label, sims: card.budget, seed, out: path, cells: cells.length, meanC2st: mean((cell) => cell.c2st), meanFloorC2st: mean((cell) => cell.floor.c2st), trainingSeconds: card.trainingSeconds };
  },
};
