import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { evaluationBetasIn } from '../../src/core/evaluation-grid';
import { networkObservation, type Task } from '../../src/benchmarks/task';
import { betaDomainText } from '../../src/benchmarks/metadata/task-metadata';
import { Rng } from '../../src/core/rng';
import { mmd } from '../../src/metrics/mmd';
import { RESULT_SCHEMA, type ResultCell, type ResultFile } from '../../src/protocol/results';
import { chooseBackend } from '../../src/nn/backend';
import type { ConditionalDensity } from '../../src/nn/conditional-density';
import type { EstimatorConfig } from '../../src/nn/estimator';
import type { ModelCard } from '../../src/nn/serialize';
import { cardEssFraction, parseEssCurve } from '../../src/protocol/ess-curve';
import { c2stOnThreads } from '../c2st-threads';
import { type Command, type FlagValues, integerFlag, SEED_OPTION, UsageError, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { makeProvenance } from '../provenance';
import { cachedFloor, cachedReferenceDraws } from '../reference-cache';
import { POSTERIORS, routeLabel, TRAIN_USAGE, trainModel } from './train';
import { REFINE_OPTIONS, REFINE_USAGE, type RefineChoice, refineFlags, scoreNetworksFor } from '../refine-flags';
import type { ScoreNetwork } from '../../src/routes/route-b';
import { boxRefinementPrior, meanScore, posteriorProposal, refine } from '../../src/routes/refinement';
import { getTaskInfo, isTaskId } from '../../src/benchmarks/metadata/catalog';

/** What is scored: a posterior, its card, and ESS(β)/N where the route has weights. */
interface Candidate {
  readonly task: Task;
  readonly posterior: ConditionalDensity;
  readonly card: ModelCard;
  readonly label: string;
  readonly essFraction: (beta: number) => number | null;
  /** How ESS/N was obtained, written into the result file. */
  readonly essSource: string;
  /** The score networks --refine uses, and whose they are (loaded only with --refine). */
  readonly scoreNetworks: () => { networks: ScoreNetwork[]; source: string };
}

/** Trains a route (as `train` does) and wraps it for scoring. */
async function trainedCandidate(values: FlagValues): Promise<Candidate> {
  const { task, route, result, card, posterior } = await trainModel(values, (line) => console.log(line));
  const weights = result.trainWeights;
  const scoreNetworks = () => {
    if (result.scoreNetworks.length === 0) throw new UsageError(`--refine: expected a route with a learned likelihood (b-nle, b-nre), got ${route}`);
    return { networks: [...result.scoreNetworks], source: `the two cross-fitted ${route === 'b-nle' ? 'neural likelihoods' : 'ratio classifiers'} trained with it` };
  };
  if (values.refine !== true) result.scoreNetworks.forEach((network) => network.dispose());
  return { task, posterior: result.posterior, card, label: routeLabel(route, posterior, card.extra.betaDraws), essFraction: (beta) => (weights ? weights.ess(beta) / weights.scores.length : null), essSource: weights ? 'exact' : 'none', scoreNetworks };
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
  return { task, posterior: model, card, label: routeLabel(card.route, posterior, card.extra.betaDraws), essFraction, essSource, scoreNetworks: () => scoreNetworksFor(dir, card, task) };
}

/**
 * One cell refined: draws n by sampling–importance–resampling from the candidate's q at (x, β)
 * (the prior is the task's box) and scores them; the unrefined draws' scores stay beside them,
 * and `worseThanUnrefined` says when refinement raised the C2ST.
 */
async function refinedCell(
  candidate: { task: Task; posterior: ConditionalDensity; networks: readonly ScoreNetwork[]; refinement: RefineChoice },
  cell: { beta: number; xNetwork: number[]; n: number; rng: Rng },
  unrefined: { c2st: number; mmd: number },
  score: (data: Float64Array) => Promise<{ c2st: number; mmd: number }>,
): Promise<Pick<ResultCell, 'c2st' | 'mmd' | 'refinement' | 'seconds'>> {
  const { task, posterior, networks, refinement } = candidate;
  const start = performance.now();
  const refined = await refine(posteriorProposal(posterior, cell.xNetwork, cell.beta), boxRefinementPrior(task), meanScore(networks, cell.xNetwork), { beta: cell.beta, n: cell.n, ...refinement }, cell.rng);
  const seconds = (performance.now() - start) / 1000;
  const scores = await score(refined.theta);
  return {
    ...scores,
    seconds,
    refinement: {
      numProposals: refined.numProposals,
      defensive: refinement.defensive,
      ess: refined.ess,
      essFraction: refined.essFraction,
      paretoK: Number.isFinite(refined.paretoK) ? refined.paretoK : null,
      trustworthy: refined.trustworthy,
      unrefined,
      worseThanUnrefined: scores.c2st > unrefined.c2st + 1e-9,
    },
  };
}

/** The seeds an unrefined evaluation used. */
function withoutRefinementSeed({ refinement: _unused, ...rest }: Record<string, number>): Record<string, number> {
  return rest;
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
    '  --tag NAME      appended to the route label and file name (e.g. seed-101 for a model of another training seed: report sets seeds side by side)',
    REFINE_USAGE,
    '                  (--refine writes results/<task>/<route>-refined-<sims>.json: each cell refined, with its ESS, k̂ and unrefined scores)',
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
    tag: { type: 'string' },
    'beta-draws': { type: 'string' },
    validation: { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    ...REFINE_OPTIONS,
    ...SEED_OPTION,
  },
  async run(values) {
    const refinement = refineFlags(values);
    const tag = values.tag;
    if (tag !== undefined && !(typeof tag === 'string' && /^[a-z0-9][a-z0-9-]{0,39}$/.test(tag))) {
      throw new UsageError(`--tag: expected lower-case letters, digits and dashes (at most 40, e.g. seed-101), got "${String(tag)}"`);
    }
    const numObservations = integerFlag(values, 'obs-count', 3, 1, 10);
    const n = integerFlag(values, 'n', 10_000, 100, 100_000);
    const resultsDir = writableOut(typeof values.results === 'string' ? values.results : 'results', 'dir', 'results');
    if (typeof values.model === 'string') {
      for (const flag of ['task', 'route', 'sims', 'epochs', 'posterior', 'beta-draws', 'validation', 'batch-size', 'learning-rate', 'seed']) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag}: expected nothing with --model (the model's card fixes it), got "${String(values[flag])}"`);
      }
    }
    if (typeof values.task === 'string' && isTaskId(values.task) && !getTaskInfo(values.task).hasLikelihood) {
      throw new UsageError(`--task: expected a task with a reference sampler, got ${values.task} (its likelihood is intractable; use sample or predictive)`);
    }
    const candidate = typeof values.model === 'string' ? await savedCandidate(values.model) : await trainedCandidate(values);
    const { task, posterior, card } = candidate;
    const plainLabel = tag ? `${candidate.label}/${tag}` : candidate.label;
    const label = refinement ? `${plainLabel}/refined` : plainLabel;
    if (!task.logLikelihood) {
      posterior.dispose();
      throw new UsageError(`--model: expected a model of a task with a reference sampler, got ${task.id} (its likelihood is intractable; use sample or predictive)`);
    }
    const betas = betasFlag(values, task, card.route);
    const seed = card.seed;
    const referenceSeed = integerFlag(values, 'reference-seed', seed + 2, -1_000_000_000, 1_000_000_000);
    const seeds = { training: seed, sampling: seed + 1, reference: referenceSeed, referenceFloor: referenceSeed + 1, c2st: seed + 4, refinement: seed + 5 };
    const cells: ResultCell[] = [];
    const unrefinedCells: ResultCell[] = [];
    const scorers = refinement ? candidate.scoreNetworks() : null;
    for (let k = 0; k < numObservations; k++) {
      const x = task.observations[k]!.x;
      for (const beta of betas) {
        const start = performance.now();
        const xNetwork = Array.from(networkObservation(task, x));
        const draws = await posterior.sample(xNetwork, n, Rng.fromSeed(seeds.sampling, 100 * k + Math.round(beta * 10)), beta);
        const seconds = (performance.now() - start) / 1000;
        const reference = cachedReferenceDraws(task.id, x, beta, n, seeds.reference + 1000 * k);
        const score = async (data: Float64Array) => {
          const sampled = { data, numRows: n, numCols: task.thetaDim };
          return { c2st: (await c2stOnThreads(reference, sampled, { seed: seeds.c2st })).accuracy, mmd: mmd(reference, sampled, { seed: seeds.c2st }).mmdSquared };
        };
        const unrefined = await score(draws);
        const floor = await cachedFloor(task.id, { x, beta, n, referenceSeed: seeds.reference + 1000 * k, floorSeed: seeds.referenceFloor + 1000 * k, metricSeed: seeds.c2st }, () => score(cachedReferenceDraws(task.id, x, beta, n, seeds.referenceFloor + 1000 * k).data));
        const plain: ResultCell = { beta, observation: k + 1, ...unrefined, essFraction: candidate.essFraction(beta), seconds, floor };
        unrefinedCells.push(plain);
        const cell: ResultCell = {
          ...plain,
          ...(refinement && scorers
            ? await refinedCell({ task, posterior, networks: scorers.networks, refinement }, { beta, xNetwork, n, rng: Rng.fromSeed(seeds.refinement, 100 * k + Math.round(beta * 10)) }, unrefined, score)
            : {}),
        };
        cells.push(cell);
        console.log(JSON.stringify({ cell }));
      }
    }
    scorers?.networks.forEach((network) => network.dispose());
    posterior.dispose();
    const fileOf = (route: string, fileCells: ResultCell[], fileSeeds: Record<string, number>): ResultFile => ({
      schema: RESULT_SCHEMA,
      task: task.id,
      route,
      budget: card.budget,
      provenance: makeProvenance(fileSeeds, { reference: n, candidate: n }),
      cells: fileCells,
    });
    const pathOf = (route: string) => join(resultsDir, task.id, `${route.replaceAll('/', '-')}-${card.budget}.json`);
    const path = pathOf(label);
    mkdirSync(dirname(path), { recursive: true });
    // --refine scores the unrefined draws too: their file is written alongside (the same numbers an evaluate without --refine gives).
    if (refinement) writeFileSync(pathOf(plainLabel), `${JSON.stringify({ ...fileOf(plainLabel, unrefinedCells, withoutRefinementSeed(seeds)), essSource: candidate.essSource, model: card }, null, 1)}\n`);
    const file = fileOf(label, cells, refinement ? seeds : withoutRefinementSeed(seeds));
    const refinedWith = refinement && scorers ? { refinedWith: { ...refinement, scoreNetworks: scorers.source, cellsWorseThanUnrefined: cells.filter((cell) => cell.refinement?.worseThanUnrefined).length, untrustworthyCells: cells.filter((cell) => cell.refinement && !cell.refinement.trustworthy).length } } : {};
    writeFileSync(path, `${JSON.stringify({ ...file, essSource: candidate.essSource, ...refinedWith, model: card }, null, 1)}\n`);
    const mean = (pick: (cell: ResultCell) => number) => cells.reduce((acc, cell) => acc + pick(cell), 0) / cells.length;
    return { command: 'evaluate', task: task.id, route: label, sims: card.budget, seed, out: path, cells: cells.length, meanC2st: mean((cell) => cell.c2st), meanFloorC2st: mean((cell) => cell.floor.c2st), trainingSeconds: card.trainingSeconds, ...refinedWith, ...(refinement ? { meanUnrefinedC2st: mean((cell) => cell.refinement!.unrefined.c2st), alsoWrote: pathOf(plainLabel) } : {}) };
  },
};
