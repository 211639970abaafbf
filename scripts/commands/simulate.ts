import { writeFileSync } from 'node:fs';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { simulatePriorPredictive } from '../../src/benchmarks/prior-predictive';
import { formatTracesCsv } from '../../src/benchmarks/traces';
import { matrixFrom } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
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
  writableOut,
} from '../command';

/** Most draws `--traces` writes (each trace is 1 201 columns' worth of rows). */
const MAX_TRACES = 1000;

/**
 * `simulate --task T --n N --seed S --out file.csv [--traces traces.csv]`: prior-predictive draws
 * to a sample file; for a task with traces (Hodgkin–Huxley), `--traces` also writes the draws'
 * voltage traces (`time,v_1…` every 0.1 ms) — the same draws, from the same seeded stream.
 */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'draw (θ, x) from the prior predictive and write them as CSV',
  usage: [
    TASK_USAGE,
    '  --n N           number of draws, 1 … 10 000 000',
    '  --out FILE      CSV to write (theta_1…, x_1…)',
    `  --traces FILE   also the draws' voltage traces as CSV (hodgkin_huxley; n ≤ ${MAX_TRACES})`,
    SEED_USAGE,
  ].join('\n'),
  options: { task: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, traces: { type: 'string' }, ...SEED_OPTION },

  async run(values) {
    const task = taskFlag(values);
    if (values.n === undefined) throw new UsageError('--n: expected a positive integer, got nothing');
    const n = integerFlag(values, 'n', 0, 1, 10_000_000);
    const out = writableOut(requireString(values, 'out'), 'file');
    const seed = seedFlag(values);
    const tracesOut = typeof values.traces === 'string' ? values.traces : null;
    if (tracesOut !== null && !task.traces) throw new UsageError(`--traces: expected a task whose data are traces (hodgkin_huxley), got ${task.id}`);
    if (tracesOut !== null && n > MAX_TRACES) throw new UsageError(`--traces: expected --n ≤ ${MAX_TRACES} with --traces, got ${n}`);
    const start = performance.now();
    if (tracesOut !== null) {
      // The traces' statistics are x: the same rng stream as simulatePriorPredictive.
      const rng = Rng.fromSeed(seed);
      const theta = sampleBoxPrior(task, n, rng);
      const traces = task.traces!.simulate(theta, rng);
      const x = matrixFrom(new Float64Array(n * task.xDim), n, task.xDim);
      for (let i = 0; i < n; i++) x.data.set(task.traces!.statistics(traces.data.subarray(i * traces.numCols, (i + 1) * traces.numCols), task.traces!.dt), i * task.xDim);
      writeFileSync(out, formatSampleCsv(theta, x));
      writeFileSync(tracesOut, formatTracesCsv(traces, task.traces!.dt, 10));
    } else {
      const { theta, x } = simulatePriorPredictive(task, n, seed);
      writeFileSync(out, formatSampleCsv(theta, x));
    }
    return {
      command: 'simulate',
      task: task.id,
      n,
      seed,
      out,
      ...(tracesOut !== null ? { traces: tracesOut } : {}),
      thetaDim: task.thetaDim,
      xDim: task.xDim,
      seconds: (performance.now() - start) / 1000,
    };
  },
};
