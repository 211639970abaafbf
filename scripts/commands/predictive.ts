import { writeFileSync } from 'node:fs';
import { simulatePredictiveTraces } from '../../src/benchmarks/posterior-predictive';
import { networkObservation } from '../../src/benchmarks/task';
import { formatTracesCsv } from '../../src/benchmarks/traces';
import { formatSampleCsv } from '../../src/core/csv';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { type Command, integerFlag, requireString, SEED_OPTION, SEED_USAGE, seedFlag, UsageError, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { domainBetaFlag, OBSERVATION_OPTIONS, OBSERVATION_USAGE, observationFlag } from '../observation-flags';

/** Traces are written every this many integration steps (0.1 ms for Hodgkin–Huxley). */
export const WRITE_STRIDE = 10;

/**
 * `predictive --model DIR (--obs K | --trace f.csv | …) --beta B --n N --out f.csv`: the
 * posterior predictive (the paper's Figure 3). Draws n θ from q(θ | x, β), simulates one trace
 * per draw, and writes the traces as columns `time,v_1,…,v_n` (every 0.1 ms) to f.csv and the
 * draws with their statistics (theta_1…, x_1…) to f.theta.csv. Seeded: q's draws use the seed,
 * the simulations stream 1 of it.
 */
export const predictiveCommand: Command = {
  name: 'predictive',
  summary: 'simulate traces from a trained posterior at β (posterior predictive; hodgkin_huxley)',
  usage: [
    '  --model DIR     a model folder of a task with traces (hodgkin_huxley)',
    OBSERVATION_USAGE,
    "  --beta B        the temperature, inside the model's β domain",
    '  --n N           number of traces (default 20, at most 1 000)',
    '  --out FILE      CSV of the traces (time,v_1,…); the draws go to FILE with .theta.csv',
    SEED_USAGE,
  ].join('\n'),
  options: { model: { type: 'string' }, ...OBSERVATION_OPTIONS, beta: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },
  async run(values) {
    const dir = requireString(values, 'model');
    const { model, card, task } = loadPosteriorModel(dir);
    try {
      if (!task.traces) throw new UsageError(`--model: expected a model of a task whose data are traces (hodgkin_huxley), got ${task.id}`);
      const { x, label, trace } = observationFlag(values, task);
      const beta = domainBetaFlag(values, task);
      const n = integerFlag(values, 'n', 20, 1, 1000);
      const out = requireString(values, 'out');
      if (!out.endsWith('.csv')) throw new UsageError(`--out: expected a file name ending in .csv, got "${out}"`);
      writableOut(out, 'file');
      const seed = seedFlag(values);
      await chooseBackend({ candidates: ['wasm', 'cpu'] });
      const start = performance.now();
      const theta = { data: await model.sample(Array.from(networkObservation(task, x)), n, Rng.fromSeed(seed), beta), numRows: n, numCols: task.thetaDim };
      const predictive = simulatePredictiveTraces(task, theta, Rng.fromSeed(seed, 1));
      writeFileSync(out, formatTracesCsv(predictive.traces, predictive.dt, WRITE_STRIDE));
      const thetaOut = out.replace(/\.csv$/, '.theta.csv');
      writeFileSync(thetaOut, formatSampleCsv(theta, predictive.x));
      const spikeCounts = Array.from({ length: n }, (_, i) => predictive.x.data[i * task.xDim]!);
      return {
        command: 'predictive',
        model: dir,
        task: task.id,
        route: card.route,
        observation: label,
        observedSpikeCount: x[0],
        ...(trace ? { traceSamples: trace.voltage.length, traceDt: trace.dt } : {}),
        beta,
        n,
        seed,
        out,
        thetaOut,
        meanSpikeCount: spikeCounts.reduce((a, b) => a + b, 0) / n,
        seconds: (performance.now() - start) / 1000,
      };
    } finally {
      model.dispose();
    }
  },
};
