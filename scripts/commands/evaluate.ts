import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVALUATION_BETAS } from '../../src/benchmarks/misspecified';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { mmd } from '../../src/metrics/mmd';
import { RESULT_SCHEMA, type ResultCell, type ResultFile } from '../../src/metrics/result-file';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { runToEnd } from '../../src/reference/sampler';
import { c2stOnThreads } from '../c2st-threads';
import { type Command, integerFlag, SEED_OPTION } from '../command';
import { makeProvenance } from '../provenance';
import { TRAIN_USAGE, trainModel } from './train';

/** Reference draws for a cell: the first run is the yardstick, the second gives the floor. */
function referenceDraws(taskId: string, x: readonly number[], beta: number, n: number, seed: number) {
  const task = getTask(taskId);
  return runToEnd(createReferenceSampler(task, x, beta, n, seed)).samples;
}

/**
 * `evaluate --task T --route R --sims N --seed S`: trains the route, then for observations
 * 1…K (default 3) and every β of 𝒢 in the task's domain draws n (default 10 000) samples from
 * q(θ | x, β), scores them against the reference sampler with C2ST and MMD², next to a
 * reference-vs-reference floor and ESS(β)/N, and writes results/<task>/<route>-<sims>.json
 * with its provenance.
 */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'train a route and score it against the reference for every β of 𝒢 (writes results/)',
  usage: [TRAIN_USAGE, '  --obs-count K   observations 1…K to evaluate (default 3)', '  --n N           draws per side (default 10 000)', '  --results DIR   where result files go (default results)'].join('\n'),
  options: {
    task: { type: 'string' },
    route: { type: 'string' },
    sims: { type: 'string' },
    epochs: { type: 'string' },
    posterior: { type: 'string' },
    'obs-count': { type: 'string' },
    n: { type: 'string' },
    results: { type: 'string' },
    ...SEED_OPTION,
  },
  async run(values) {
    const numObservations = integerFlag(values, 'obs-count', 3, 1, 10);
    const n = integerFlag(values, 'n', 10_000, 100, 100_000);
    const resultsDir = typeof values.results === 'string' ? values.results : 'results';
    const { task, route, sims, seed, result, card, posteriorName } = await trainModel(values, (line) => console.log(line));
    // The default estimator keeps the plain route id; another one is named in the route label and file.
    const routeLabel = posteriorName === 'coupling-flow' ? route : `${route}/${posteriorName}`;
    const betas = EVALUATION_BETAS.filter((beta) => beta >= task.betaDomain[0] && beta <= task.betaDomain[1]);
    const seeds = { training: seed, sampling: seed + 1, reference: seed + 2, referenceFloor: seed + 3, c2st: seed + 4 };
    const cells: ResultCell[] = [];
    for (let k = 0; k < numObservations; k++) {
      const x = task.observations[k]!.x;
      for (const beta of betas) {
        const start = performance.now();
        const draws = await result.posterior.sample(x, n, Rng.fromSeed(seeds.sampling, 100 * k + Math.round(beta * 10)), beta);
        const seconds = (performance.now() - start) / 1000;
        const candidate = { data: draws, numRows: n, numCols: task.thetaDim };
        const reference = referenceDraws(task.id, x, beta, n, seeds.reference + 1000 * k);
        const floorRun = referenceDraws(task.id, x, beta, n, seeds.referenceFloor + 1000 * k);
        const cell: ResultCell = {
          beta,
          observation: k + 1,
          c2st: (await c2stOnThreads(reference, candidate, { seed: seeds.c2st })).accuracy,
          mmd: mmd(reference, candidate, { seed: seeds.c2st }).mmdSquared,
          essFraction: result.trainWeights ? result.trainWeights.ess(beta) / result.trainWeights.scores.length : null,
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
    result.posterior.dispose();
    const file: ResultFile = {
      schema: RESULT_SCHEMA,
      task: task.id,
      route: routeLabel,
      budget: sims,
      provenance: makeProvenance(seeds, { reference: n, candidate: n }),
      cells,
    };
    const path = join(resultsDir, task.id, `${routeLabel.replace('/', '-')}-${sims}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ ...file, model: card }, null, 1)}\n`);
    const mean = (pick: (cell: ResultCell) => number) => cells.reduce((acc, cell) => acc + pick(cell), 0) / cells.length;
    return { command: 'evaluate', task: task.id, route: routeLabel, sims, seed, out: path, cells: cells.length, meanC2st: mean((cell) => cell.c2st), meanFloorC2st: mean((cell) => cell.floor.c2st), trainingSeconds: card.trainingSeconds };
  },
};
