import { writeFileSync } from 'node:fs';
import { networkObservation } from '../../src/benchmarks/task';
import { formatSampleCsv } from '../../src/core/csv';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { type Command, integerFlag, requireString, SEED_OPTION, SEED_USAGE, seedFlag, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { domainBetaFlag, OBSERVATION_OPTIONS, OBSERVATION_USAGE, observationFlag } from '../observation-flags';

/** `sample --model DIR (--obs K | --x …) --beta B --n N --out f.csv`: draws from a trained q(θ | x, β). */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'draw from a trained amortized posterior q(θ | x, β) and write CSV',
  usage: [
    '  --model DIR     a model folder written by train or pretrain',
    OBSERVATION_USAGE,
    "  --beta B        the temperature, inside the model's β domain",
    '  --n N           number of draws (default 10 000)',
    '  --out FILE      CSV to write (theta_1…)',
    SEED_USAGE,
  ].join('\n'),
  options: { model: { type: 'string' }, ...OBSERVATION_OPTIONS, beta: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },
  async run(values) {
    const dir = requireString(values, 'model');
    const { model, card, task } = loadPosteriorModel(dir);
    const { x, label } = observationFlag(values, task);
    const beta = domainBetaFlag(values, task);
    const n = integerFlag(values, 'n', 10_000, 1, 1_000_000);
    const out = writableOut(requireString(values, 'out'), 'file');
    const seed = seedFlag(values);
    await chooseBackend({ candidates: ['wasm', 'cpu'] });
    const start = performance.now();
    const samples = await model.sample(Array.from(networkObservation(task, x)), n, Rng.fromSeed(seed), beta);
    model.dispose();
    writeFileSync(out, formatSampleCsv({ data: samples, numRows: n, numCols: task.thetaDim }, null));
    return { command: 'sample', model: dir, task: task.id, route: card.route, observation: label, beta, n, seed, out, seconds: (performance.now() - start) / 1000 };
  },
};
