import { writeFileSync } from 'node:fs';
import { formatSampleCsv } from '../../src/core/csv';
import { MAX_REFERENCE_DRAWS } from '../../src/core/limits';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { runToEnd } from '../../src/reference/sampler';
import { MAX_BETA } from '../../src/reference/tempered-target';
import {
  type Command,
  integerFlag,
  requireString,
  SEED_OPTION,
  SEED_USAGE,
  seedFlag,
  TASK_USAGE,
  taskFlag,
  UsageError,
  writableOut,
} from '../command';
import { betaFlag, OBSERVATION_OPTIONS, OBSERVATION_USAGE, observationFlag } from '../observation-flags';

/** `reference --task T (--obs K | --x …) --beta B --n N --seed S --out f.csv`: ground-truth draws. */
export const referenceCommand: Command = {
  name: 'reference',
  summary: 'draw from p_β(θ | x) with the task\'s reference sampler and write CSV (with diagnostics)',
  usage: [
    TASK_USAGE,
    OBSERVATION_USAGE,
    `  --beta B        the temperature, in (0, ${MAX_BETA}]`,
    `  --n N           number of draws, 1 … ${MAX_REFERENCE_DRAWS} (default 10 000)`,
    '  --out FILE      CSV to write (theta_1…)',
    SEED_USAGE,
  ].join('\n'),
  options: { task: { type: 'string' }, ...OBSERVATION_OPTIONS, beta: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },

  async run(values) {
    const task = taskFlag(values);
    const { x, label } = observationFlag(values, task);
    const beta = betaFlag(values, MAX_BETA);
    const n = integerFlag(values, 'n', 10_000, 1, MAX_REFERENCE_DRAWS);
    const out = writableOut(requireString(values, 'out'), 'file');
    const seed = seedFlag(values);
    let sampler;
    try {
      sampler = createReferenceSampler(task, x, beta, n, seed);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { samples, diagnostics } = runToEnd(sampler);
    const kept = { data: samples.data.subarray(0, n * task.thetaDim), numRows: Math.min(n, samples.numRows), numCols: task.thetaDim };
    writeFileSync(out, formatSampleCsv(kept, null));
    return { command: 'reference', task: task.id, observation: label, beta, n: kept.numRows, seed, out, diagnostics };
  },
};
