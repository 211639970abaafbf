import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { NUM_OBSERVATIONS, type ObservationFile } from '../../src/benchmarks/observations';
import { TASK_MODELS } from '../../src/benchmarks/registry';
import { columnQuantiles } from '../../src/core/quantiles';
import { matrixToRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { type Command, SEED_OPTION, SEED_USAGE, seedFlag } from '../command';

/** The seed the shipped observations were made with. */
export const OBSERVATIONS_SEED = 20261130;

/** Quantile levels and draw count of each task's data range. */
const DATA_RANGE_LEVELS: [number, number] = [0.005, 0.995];
const DATA_RANGE_DRAWS = 100_000;

/**
 * `observations --seed S`: (re)writes `src/benchmarks/observations/<task>.json`: 10 draws from
 * each task's prior predictive (task k on stream k of the seed) and the task's data range
 * (per-column 0.5 % and 99.5 % quantiles of 100 000 draws, on stream 1000 + k). Run once;
 * the files are data.
 */
export const observationsCommand: Command = {
  name: 'observations',
  summary: "rewrite the tasks' 10 fixed observations (src/benchmarks/observations/*.json)",
  usage: `${SEED_USAGE.replace('(default 1)', `(the shipped files used ${OBSERVATIONS_SEED})`)}`,
  options: { ...SEED_OPTION },

  async run(values) {
    const seed = values.seed === undefined ? OBSERVATIONS_SEED : seedFlag(values);
    const written: string[] = [];
    TASK_MODELS.forEach((task, stream) => {
      const rng = Rng.fromSeed(seed, stream);
      const theta = sampleBoxPrior(task, NUM_OBSERVATIONS, rng);
      const x = task.simulate(theta, rng);
      const xRows = matrixToRows(x);
      const rangeRng = Rng.fromSeed(seed, 1000 + stream);
      const many = task.simulate(sampleBoxPrior(task, DATA_RANGE_DRAWS, rangeRng), rangeRng);
      const file: ObservationFile = {
        task: task.id,
        command: `npm run cli -- observations --seed ${seed}`,
        seed,
        observations: matrixToRows(theta).map((row, i) => ({ theta: row, x: xRows[i] as number[] })),
        dataRange: {
          levels: DATA_RANGE_LEVELS,
          numDraws: DATA_RANGE_DRAWS,
          low: columnQuantiles(many, DATA_RANGE_LEVELS[0]),
          high: columnQuantiles(many, DATA_RANGE_LEVELS[1]),
        },
      };
      const path = fileURLToPath(new URL(`../../src/benchmarks/observations/${task.id}.json`, import.meta.url));
      writeFileSync(path, `${JSON.stringify(file, null, 1)}\n`);
      written.push(path);
    });
    return { command: 'observations', seed, tasks: TASK_MODELS.map((task) => task.id), files: written.length };
  },
};
