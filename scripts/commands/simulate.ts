import { writeFileSync } from 'node:fs';
import { simulatePriorPredictive } from '../../src/benchmarks/prior-predictive';
import { formatSampleCsv } from '../../src/core/csv';
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
} from '../command';

/** `simulate --task T --n N --seed S --out file.csv`: prior-predictive draws to a sample file. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'draw (θ, x) from the prior predictive and write them as CSV',
  usage: [
    TASK_USAGE,
    '  --n N           number of draws, 1 … 10 000 000',
    '  --out FILE      CSV to write (theta_1…, x_1…)',
    SEED_USAGE,
  ].join('\n'),
  options: { task: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },

  async run(values) {
    const task = taskFlag(values);
    if (values.n === undefined) throw new UsageError('--n: expected a positive integer, got nothing');
    const n = integerFlag(values, 'n', 0, 1, 10_000_000);
    const out = requireString(values, 'out');
    const seed = seedFlag(values);
    const start = performance.now();
    const { theta, x } = simulatePriorPredictive(task, n, seed);
    writeFileSync(out, formatSampleCsv(theta, x));
    return {
      command: 'simulate',
      task: task.id,
      n,
      seed,
      out,
      thetaDim: task.thetaDim,
      xDim: task.xDim,
      seconds: (performance.now() - start) / 1000,
    };
  },
};
