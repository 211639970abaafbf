import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { NUM_OBSERVATIONS, type ObservationFile } from '../../src/benchmarks/observations';
import { TASK_MODELS } from '../../src/benchmarks/registry';
import { matrixToRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { type Command, SEED_OPTION, SEED_USAGE, seedFlag } from '../command';

/** The seed the shipped observations were made with. */
export const OBSERVATIONS_SEED = 20261130;

/**
 * `observations --seed S`: (re)writes `src/benchmarks/observations/<task>.json`, 10 draws from
 * each task's prior predictive, task k on stream k of the seed. Run once; the files are data.
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
      const file: ObservationFile = {
        task: task.id,
        command: `npm run cli -- observations --seed ${seed}`,
        seed,
        observations: matrixToRows(theta).map((row, i) => ({ theta: row, x: xRows[i] as number[] })),
      };
      const path = fileURLToPath(new URL(`../../src/benchmarks/observations/${task.id}.json`, import.meta.url));
      writeFileSync(path, `${JSON.stringify(file, null, 1)}\n`);
      written.push(path);
    });
    return { command: 'observations', seed, tasks: TASK_MODELS.map((task) => task.id), files: written.length };
  },
};
