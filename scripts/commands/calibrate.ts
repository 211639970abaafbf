import { writeFileSync } from 'node:fs';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { evaluationBetasIn } from '../../src/core/evaluation-grid';
import { type Task } from '../../src/benchmarks/task';
import { betaDomainText } from '../../src/benchmarks/metadata/task-metadata';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { CALIBRATION_SCHEMA, type CalibrationFile } from '../../src/protocol/calibration';
import { calibrate, type CalibrationResult, MIN_DATA_SETS, MIN_DRAWS, networkPosterior, networkRows } from '../../src/routes/calibration';
import { REFERENCE_CHECK_DATA_SETS, referenceCheckBetas, referenceCoverage } from '../../src/routes/reference-coverage';
import { type Command, type FlagValues, integerFlag, requireString, SEED_OPTION, SEED_USAGE, seedFlag, UsageError, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { makeProvenance } from '../provenance';
import { cachedReferenceDraws } from '../reference-cache';

/** SBC histogram bins. */
const SBC_BINS = 20;

/** A number flag in an open interval, or its default. */
function numberFlag(values: FlagValues, name: string, fallback: number, low: number, high: number, what: string): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(value > low && value < high)) throw new UsageError(`--${name}: expected ${what}, got "${String(raw)}"`);
  return value;
}

/** β values in the model's domain (default 𝒢 within it). */
function betasFlag(values: FlagValues, task: Task): number[] {
  if (typeof values.betas !== 'string') return evaluationBetasIn(task.betaDomain);
  const [low, high] = task.betaDomain;
  return values.betas.split(',').map((text) => {
    const beta = Number(text);
    if (text.trim() === '' || !(beta >= low && beta <= high)) throw new UsageError(`--betas: expected numbers in ${betaDomainText(task)} separated by commas, got "${text}"`);
    return beta;
  });
}

/** Per parameter, the SBC ranks (0…M) of every data set counted in SBC_BINS equal bins. */
function sbcHistogram(ranks: Int32Array, thetaDim: number, draws: number): number[][] {
  return Array.from({ length: thetaDim }, (_, d) => {
    const counts = new Array<number>(SBC_BINS).fill(0);
    for (let k = 0; k < ranks.length / thetaDim; k++) counts[Math.min(SBC_BINS - 1, Math.floor((ranks[k * thetaDim + d]! / (draws + 1)) * SBC_BINS))]! += 1;
    return counts;
  });
}

/**
 * `calibrate --model DIR [--misspecified [--epsilon E]] [--datasets K] [--draws M] [--betas …]
 * [--level L] [--reference-check] --out f.json`: the expected coverage of q(θ | x, β) on K data
 * sets (θ* from the prior, x from the task's simulator or its misspecified variant) at every β,
 * SBC ranks, and the β to use: the largest whose coverage at L reaches nominal within its
 * bootstrap interval (issue 20). Seeds: data sets S (θ* stream 1, x stream 2), draws S + 1,
 * reference check S + 2.
 */
export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'coverage of a trained q(θ | x, β) on simulated data sets at every β, and the β to use (writes JSON)',
  usage: [
    '  --model DIR         a model folder written by train or pretrain',
    "  --misspecified      draw the data sets from the task's misspecified simulator (the networks never saw it)",
    "  --epsilon E         its contamination probability in [0, 1) (default: the task's)",
    `  --datasets K        data sets (default 200, at least ${MIN_DATA_SETS})`,
    `  --draws M           draws of q per data set and β (default 500, at least ${MIN_DRAWS})`,
    "  --betas a,b         the β grid (default 𝒢 inside the model's domain)",
    '  --level L           the credible level that chooses β, in (0, 1) (default 0.9)',
    `  --reference-check   also rank reference draws on the first ${REFERENCE_CHECK_DATA_SETS} data sets at β = 1 and the chosen β (tasks with a likelihood)`,
    '  --out FILE          the JSON file to write',
    SEED_USAGE,
  ].join('\n'),
  options: {
    model: { type: 'string' },
    misspecified: { type: 'boolean' },
    epsilon: { type: 'string' },
    datasets: { type: 'string' },
    draws: { type: 'string' },
    betas: { type: 'string' },
    level: { type: 'string' },
    'reference-check': { type: 'boolean' },
    out: { type: 'string' },
    ...SEED_OPTION,
  },
  async run(values) {
    const dir = requireString(values, 'model');
    const out = writableOut(requireString(values, 'out'), 'file');
    if (values.epsilon !== undefined && !values.misspecified) throw new UsageError(`--epsilon: expected it only with --misspecified, got "${String(values.epsilon)}" without`);
    const numDataSets = integerFlag(values, 'datasets', 200, MIN_DATA_SETS, 100_000);
    const draws = integerFlag(values, 'draws', 500, MIN_DRAWS, 100_000);
    const level = numberFlag(values, 'level', 0.9, 0, 1, 'a credible level in (0, 1)');
    const seed = seedFlag(values);
    const { model, card, task } = loadPosteriorModel(dir);
    try {
      const betas = betasFlag(values, task);
      const variant = task.misspecified;
      const epsilon = values.misspecified ? numberFlag(values, 'epsilon', variant.defaultEpsilon, -1e-12, 1, 'a contamination probability in [0, 1)') : null;
      if (values['reference-check'] && !task.logLikelihood) throw new UsageError(`--reference-check: expected a model of a task with a reference sampler, got ${task.id} (its likelihood is intractable)`);
      await chooseBackend({ candidates: ['wasm', 'cpu'] });
      const start = performance.now();
      const theta = sampleBoxPrior(task, numDataSets, Rng.fromSeed(seed, 1));
      const x = epsilon === null ? task.simulate(theta, Rng.fromSeed(seed, 2)) : variant.simulate(theta, epsilon, Rng.fromSeed(seed, 2));
      const result: CalibrationResult = await calibrate(networkPosterior(model, task), { theta: theta.data, x: networkRows(task, x.data) }, { betas, drawsPerDataSet: draws, level, numBootstrap: 2000, onBeta: (done, total) => console.log(JSON.stringify({ progress: 'calibrate', done, total })) }, Rng.fromSeed(seed + 1));
      let referenceCheck: CalibrationFile['referenceCheck'] = null;
      if (values['reference-check']) {
        const k = Math.min(REFERENCE_CHECK_DATA_SETS, numDataSets);
        const subset = { theta: theta.data.subarray(0, k * task.thetaDim), x: x.data.subarray(0, k * task.xDim) };
        const checked = await referenceCoverage(task, subset, { betas: referenceCheckBetas(task, result.choice.beta, betas), drawsPerDataSet: draws, level, drawReference: (xi, beta, n, runSeed) => cachedReferenceDraws(task.id, Array.from(xi), beta, n, runSeed) }, seed + 2);
        referenceCheck = { numDataSets: k, drawsPerDataSet: draws, perBeta: checked.perBeta.map((row) => ({ beta: row.beta, curve: row.curve, atLevel: { coverage: row.atLevel.coverage, low: row.atLevel.low, high: row.atLevel.high } })) };
      }
      const file: CalibrationFile = {
        schema: CALIBRATION_SCHEMA,
        task: task.id,
        route: card.route,
        budget: card.budget,
        simulator: epsilon === null ? { kind: 'nominal' } : { kind: 'misspecified', name: variant.name, description: variant.description, epsilon },
        level,
        levels: [...result.levels],
        numDataSets,
        drawsPerDataSet: draws,
        perBeta: result.perBeta.map((row) => ({ beta: row.beta, curve: row.curve, atLevel: { coverage: row.atLevel.coverage, low: row.atLevel.low, high: row.atLevel.high }, sbcHistogram: sbcHistogram(row.sbc, task.thetaDim, draws) })),
        choice: result.choice,
        referenceCheck,
        seconds: (performance.now() - start) / 1000,
        provenance: makeProvenance({ dataSets: seed, draws: seed + 1, ...(referenceCheck ? { reference: seed + 2 } : {}) }, { reference: draws, candidate: draws }),
      };
      writeFileSync(out, `${JSON.stringify({ ...file, model: card }, null, 1)}\n`);
      return {
        command: 'calibrate',
        task: task.id,
        route: card.route,
        simulator: file.simulator.kind,
        ...(epsilon === null ? {} : { epsilon }),
        chosenBeta: result.choice.beta,
        explanation: result.choice.explanation,
        coverageAtLevel: Object.fromEntries(result.perBeta.map((row) => [row.beta, row.atLevel.coverage])),
        ...(referenceCheck ? { referenceCoverageAtLevel: Object.fromEntries(referenceCheck.perBeta.map((row) => [row.beta, row.atLevel.coverage])) } : {}),
        seconds: file.seconds,
        out,
      };
    } finally {
      model.dispose();
    }
  },
};
