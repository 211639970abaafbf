import { writeFileSync } from 'node:fs';
import { networkObservation } from '../../src/benchmarks/task';
import { formatSampleCsv } from '../../src/core/csv';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { type Command, integerFlag, requireString, SEED_OPTION, SEED_USAGE, seedFlag, writableOut } from '../command';
import { loadPosteriorModel } from '../model-files';
import { domainBetaFlag, OBSERVATION_OPTIONS, OBSERVATION_USAGE, observationFlag } from '../observation-flags';
import { REFINE_OPTIONS, REFINE_USAGE, refineFlags, scoreNetworksFor } from '../refine-flags';
import { boxRefinementPrior, meanScore, PARETO_K_LIMIT_TEXT, posteriorProposal, refine } from '../../src/routes/refinement';

/**
 * `sample --model DIR (--obs K | --x …) --beta B --n N --out f.csv [--refine [--proposals k]
 * [--defensive a]]`: draws from a trained q(θ | x, β), refined by sampling–importance–resampling
 * with the route's learned likelihood when asked (the summary then reports ESS and Pareto k̂).
 */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'draw from a trained amortized posterior q(θ | x, β) and write CSV',
  usage: [
    '  --model DIR     a model folder written by train or pretrain',
    OBSERVATION_USAGE,
    "  --beta B        the temperature, inside the model's β domain",
    '  --n N           number of draws (default 10 000)',
    '  --out FILE      CSV to write (theta_1…)',
    REFINE_USAGE,
    SEED_USAGE,
  ].join('\n'),
  options: { model: { type: 'string' }, ...OBSERVATION_OPTIONS, beta: { type: 'string' }, n: { type: 'string' }, out: { type: 'string' }, ...REFINE_OPTIONS, ...SEED_OPTION },
  async run(values) {
    const dir = requireString(values, 'model');
    const refinement = refineFlags(values);
    const { model, card, task } = loadPosteriorModel(dir);
    try {
      const { x, label } = observationFlag(values, task);
      const beta = domainBetaFlag(values, task);
      const n = integerFlag(values, 'n', 10_000, 1, 1_000_000);
      const out = writableOut(requireString(values, 'out'), 'file');
      const seed = seedFlag(values);
      await chooseBackend({ candidates: ['wasm', 'cpu'] });
      const start = performance.now();
      const xNetwork = Array.from(networkObservation(task, x));
      const summary = { command: 'sample', model: dir, task: task.id, route: card.route, observation: label, beta, n, seed, out };
      if (!refinement) {
        const samples = await model.sample(xNetwork, n, Rng.fromSeed(seed), beta);
        writeFileSync(out, formatSampleCsv({ data: samples, numRows: n, numCols: task.thetaDim }, null));
        return { ...summary, seconds: (performance.now() - start) / 1000 };
      }
      const { networks, source } = scoreNetworksFor(dir, card, task);
      try {
        const refined = await refine(posteriorProposal(model, xNetwork, beta), boxRefinementPrior(task), meanScore(networks, xNetwork), { beta, n, ...refinement }, Rng.fromSeed(seed));
        writeFileSync(out, formatSampleCsv({ data: refined.theta, numRows: n, numCols: task.thetaDim }, null));
        if (!refined.trustworthy) console.error(`warning: the refined draws are not to be trusted: Pareto k̂ = ${refined.paretoK.toFixed(2)} ${PARETO_K_LIMIT_TEXT} (ESS ${refined.ess.toFixed(0)} of ${refined.numProposals} proposals)`);
        const { theta: _theta, ...diagnostics } = refined;
        return { ...summary, route: `${card.route}/refined`, refinement: { ...refinement, scoreNetworks: source, ...diagnostics }, seconds: (performance.now() - start) / 1000 };
      } finally {
        networks.forEach((network) => network.dispose());
      }
    } finally {
      model.dispose();
    }
  },
};
