import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { NUM_OBSERVATIONS, type ObservationFile } from '../../src/benchmarks/metadata/observation-file';
import { TASK_MODELS } from '../../src/benchmarks/registry';
import { TASK_IDS } from '../../src/benchmarks/metadata/catalog';
import type { TaskModel } from '../../src/benchmarks/task';
import type { MisspecifiedPreset, ShowcaseObservation } from '../../src/benchmarks/metadata/task-metadata';
import { TRACES_FILE_FORMAT, TRACE_STORAGE_STRIDE, type TracesFile } from '../../src/benchmarks/metadata/traces-file';
import { columnQuantiles } from '../../src/core/quantiles';
import { matrixFrom, matrixFromRows, matrixToRows, type Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { type Command, SEED_OPTION, SEED_USAGE, seedFlag, UsageError } from '../command';

/** The seed the shipped observations were made with. */
export const OBSERVATIONS_SEED = 20261130;

/** Quantile levels and draw count of each task's data range. */
const DATA_RANGE_LEVELS: [number, number] = [0.005, 0.995];
const DATA_RANGE_DRAWS = 100_000;

const outputPath = (name: string) => fileURLToPath(new URL(`../../src/benchmarks/observations/${name}`, import.meta.url));

/** Rows of stored traces: every TRACE_STORAGE_STRIDE-th sample, rounded to 0.01 mV. */
function storedTraces(traces: Matrix): number[][] {
  return matrixToRows(traces).map((row) => row.filter((_, k) => k % TRACE_STORAGE_STRIDE === 0).map((v) => Math.round(v * 100) / 100));
}

/**
 * `observations --seed S [--tasks a,b]`: (re)writes `src/benchmarks/observations/<task>.json`:
 * 10 draws from each task's prior predictive (task k, in registry order, on stream k of the
 * seed) and the task's data range (per-column 0.5 % and 99.5 % quantiles of 100 000 draws, on
 * stream 1000 + k). A task with traces (Hodgkin–Huxley) also gets its three showcase cells
 * (cell j on stream 2000 + j) and `<task>.traces.json`, the observations' voltage traces
 * (every 4th sample). Each file also holds the task's misspecified preset (`misspecifiedPreset`).
 * Run once; the files are data. The same seed gives the same files.
 */
export const observationsCommand: Command = {
  name: 'observations',
  summary: "rewrite the tasks' 10 fixed observations (src/benchmarks/observations/*.json)",
  usage: [
    `${SEED_USAGE.replace('(default 1)', `(the shipped files used ${OBSERVATIONS_SEED})`)}`,
    `  --tasks a,b     tasks to write (default all: ${TASK_IDS.join(', ')})`,
  ].join('\n'),
  options: { ...SEED_OPTION, tasks: { type: 'string' } },

  async run(values) {
    const seed = values.seed === undefined ? OBSERVATIONS_SEED : seedFlag(values);
    const wanted = typeof values.tasks === 'string' ? values.tasks.split(',') : [...TASK_IDS];
    for (const id of wanted) if (!(TASK_IDS as readonly string[]).includes(id)) throw new UsageError(`--tasks: expected ids from ${TASK_IDS.join(', ')}, got "${id}"`);
    let written = 0;
    TASK_MODELS.forEach((task, stream) => {
      if (!wanted.includes(task.id)) return;
      written += writeTaskObservations(task, stream, seed);
    });
    return { command: 'observations', seed, tasks: wanted, files: written };
  },
};

/**
 * The page's misspecified observation: one draw of the task's misspecified variant at observation
 * 1's θ and the variant's default ε, from its preset seed (a seed whose draw shows the contamination).
 */
function misspecifiedPreset(task: TaskModel, theta: Float64Array): MisspecifiedPreset {
  const variant = task.misspecified;
  const x = variant.simulate(matrixFrom(theta, 1, task.thetaDim), variant.defaultEpsilon, Rng.fromSeed(variant.presetSeed));
  return { theta: Array.from(theta), x: Array.from(x.data), epsilon: variant.defaultEpsilon, seed: variant.presetSeed };
}

/** Writes one task's observation file (and traces file); returns how many files it wrote. */
function writeTaskObservations(task: TaskModel, stream: number, seed: number): number {
  const rng = Rng.fromSeed(seed, stream);
  const theta = sampleBoxPrior(task, NUM_OBSERVATIONS, rng);
  // `traces.simulate` uses the rng exactly as `simulate` does, so x is the same either way.
  const traces = task.traces?.simulate(theta, rng);
  const xRows = traces ? matrixToRows(traces).map((trace) => Array.from(task.traces!.statistics(trace, task.traces!.dt))) : matrixToRows(task.simulate(theta, rng));
  const rangeRng = Rng.fromSeed(seed, 1000 + stream);
  const many = task.simulate(sampleBoxPrior(task, DATA_RANGE_DRAWS, rangeRng), rangeRng);
  const showcaseTraces: number[][] = [];
  const showcases: ShowcaseObservation[] = (task.showcaseCells ?? []).map((cell, j) => {
    const trace = task.traces!.simulate(matrixFromRows([cell.theta]), Rng.fromSeed(seed, 2000 + j));
    showcaseTraces.push(...storedTraces(trace));
    return { id: cell.id, name: cell.name, theta: [...cell.theta], x: Array.from(task.traces!.statistics(trace.data, task.traces!.dt)) };
  });
  const file: ObservationFile = {
    task: task.id,
    command: `npm run cli -- observations --seed ${seed} --tasks ${task.id}`,
    seed,
    observations: matrixToRows(theta).map((row, i) => ({ theta: row, x: xRows[i] as number[] })),
    dataRange: {
      levels: DATA_RANGE_LEVELS,
      numDraws: DATA_RANGE_DRAWS,
      low: columnQuantiles(many, DATA_RANGE_LEVELS[0]),
      high: columnQuantiles(many, DATA_RANGE_LEVELS[1]),
    },
    ...(showcases.length > 0 ? { showcases } : {}),
    misspecifiedPreset: misspecifiedPreset(task, theta.data.slice(0, task.thetaDim)),
  };
  writeFileSync(outputPath(`${task.id}.json`), `${JSON.stringify(file, null, 1)}\n`);
  if (!traces) return 1;
  const tracesFile: TracesFile = {
    format: TRACES_FILE_FORMAT,
    task: task.id,
    command: file.command,
    seed,
    dt: task.traces!.dt * TRACE_STORAGE_STRIDE,
    observations: storedTraces(traces),
    showcases: showcaseTraces,
  };
  writeFileSync(outputPath(`${task.id}.traces.json`), `${JSON.stringify(tracesFile)}\n`);
  return 2;
}
