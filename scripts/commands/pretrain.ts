import { join } from 'node:path';
import { TASK_IDS } from '../../src/benchmarks/metadata/catalog';
import { type Command, integerFlag, SEED_OPTION, SEED_USAGE, seedFlag, UsageError, writableOut } from '../command';
import { saveTrainedRoute, writeModelsIndex } from '../model-files';
import { trainModel } from './train';

const SHIPPED_ROUTES = ['b-nle', 'b-nre', 'a'] as const;

/**
 * `pretrain [--tasks a,b] [--routes b-nle,b-nre] [--sims N] [--seed S]`: trains the shipped
 * models — every task × route (b-nle, b-nre, a) at 10 000 simulations by default — and writes each to
 * public/models/<task>/<route>/ with its card. Task k, route r use seed S + 10k + r, so one
 * model can be rebuilt alone with the same numbers.
 */
export const pretrainCommand: Command = {
  name: 'pretrain',
  summary: 'train the shipped models (every task × b-nle, b-nre, a) into public/models/',
  usage: [
    `  --tasks a,b     tasks to train (default all: ${TASK_IDS.join(', ')})`,
    `  --routes r,s    routes (default ${SHIPPED_ROUTES.join(', ')})`,
    '  --sims N        simulations per model (default 10 000)',
    '  --out DIR       where the models go (default public/models)',
    '  --posterior P   the posterior estimator (default spline-flow: the best of the three on the evaluations so far)',
    "  --likelihood L  b-nle's likelihood estimator (default auto; hodgkin_huxley ships with spline-flow)",
    "  --validation V  Route B's early-stopping criterion: drawn-beta or trusted-grid (default drawn-beta; see train --help)",
    SEED_USAGE,
  ].join('\n'),
  options: { tasks: { type: 'string' }, routes: { type: 'string' }, sims: { type: 'string' }, out: { type: 'string' }, posterior: { type: 'string' }, likelihood: { type: 'string' }, validation: { type: 'string' }, ...SEED_OPTION },
  async run(values) {
    const tasks = typeof values.tasks === 'string' ? values.tasks.split(',') : [...TASK_IDS];
    const routes = typeof values.routes === 'string' ? values.routes.split(',') : [...SHIPPED_ROUTES];
    for (const task of tasks) if (!(TASK_IDS as readonly string[]).includes(task)) throw new UsageError(`--tasks: expected ids from ${TASK_IDS.join(', ')}, got "${task}"`);
    for (const route of routes) if (!(SHIPPED_ROUTES as readonly string[]).includes(route)) throw new UsageError(`--routes: expected ids from ${SHIPPED_ROUTES.join(', ')}, got "${route}"`);
    const sims = integerFlag(values, 'sims', 10_000, 100, 1_000_000);
    const seed = seedFlag(values);
    const outDir = writableOut(typeof values.out === 'string' ? values.out : join('public', 'models'), 'dir');
    const written: string[] = [];
    for (const task of tasks) {
      for (const route of routes) {
        const modelSeed = seed + 10 * TASK_IDS.indexOf(task as (typeof TASK_IDS)[number]) + SHIPPED_ROUTES.indexOf(route as (typeof SHIPPED_ROUTES)[number]);
        const posterior = typeof values.posterior === 'string' ? values.posterior : 'spline-flow';
        const likelihood = route === 'b-nle' && typeof values.likelihood === 'string' ? { likelihood: values.likelihood } : {};
        const validation = route !== 'a' && typeof values.validation === 'string' ? { validation: values.validation } : {};
        const { result, card } = await trainModel({ task, route, sims: String(sims), seed: String(modelSeed), posterior, ...likelihood, ...validation }, (line) => console.log(line));
        const dir = join(outDir, task, route);
        await saveTrainedRoute(dir, result.posterior, card, result.scoreNetworks);
        result.posterior.dispose();
        result.scoreNetworks.forEach((network) => network.dispose());
        console.log(JSON.stringify({ trained: dir, seed: modelSeed, seconds: card.trainingSeconds, validationLoss: card.validationLoss }));
        written.push(dir);
        writeModelsIndex(outDir);
      }
    }
    return { command: 'pretrain', models: written.length, sims, seed, out: outDir };
  },
};
