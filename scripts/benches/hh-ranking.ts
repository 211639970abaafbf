import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { simulatePredictiveTraces } from '../../src/benchmarks/posterior-predictive';
import { networkObservation } from '../../src/benchmarks/task';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { loadPosteriorModel } from '../model-files';

const NUM_PRIOR_DRAWS = 1000;
const NUM_PREDICTIVE = 50;

const SHIPPED = join('public', 'models', 'hodgkin_huxley');

/**
 * Every shipped Hodgkin–Huxley model (one per route) checked without a reference (issue 10).
 * For each fixed observation and showcase cell: the rank of its true θ's density q(θ | x, β = 1)
 * among 1 000 prior draws (under a uniform prior the posterior orders θ as the likelihood does,
 * so this is the ranking check of the likelihood behind the model), and a posterior predictive
 * check at β = 1: the spike count of 50 traces simulated from q's draws against the observed.
 */
export async function benchHodgkinHuxleyRanking(seed: number): Promise<Record<string, unknown>> {
  const backend = (await chooseBackend({ candidates: ['wasm', 'cpu'] })).chosen;
  const routes = readdirSync(SHIPPED).filter((route) => existsSync(join(SHIPPED, route, 'model.json'))).sort();
  const summaries: Record<string, unknown> = {};
  for (const route of routes) summaries[route] = await rankModel(join(SHIPPED, route), route, seed);
  return { backend, priorDraws: NUM_PRIOR_DRAWS, routes: summaries };
}

/** The ranking and predictive check of one saved model; one JSON line per cell. */
async function rankModel(dir: string, route: string, seed: number): Promise<Record<string, unknown>> {
  const { model, card, task } = loadPosteriorModel(dir);
  const prior = sampleBoxPrior(task, NUM_PRIOR_DRAWS, Rng.fromSeed(seed));
  const cells = [...task.observations.map((o, i) => ({ name: `obs ${i + 1}`, ...o })), ...task.showcases.map((s) => ({ ...s, name: `cell ${s.id}` }))];
  const ranks: number[] = [];
  for (const [k, cell] of cells.entries()) {
    const x = networkObservation(task, cell.x);
    const theta = new Float64Array((NUM_PRIOR_DRAWS + 1) * task.thetaDim);
    theta.set(cell.theta);
    theta.set(prior.data, task.thetaDim);
    const contexts = new Float64Array((NUM_PRIOR_DRAWS + 1) * task.xDim);
    for (let i = 0; i <= NUM_PRIOR_DRAWS; i++) contexts.set(x, i * task.xDim);
    const logQ = await model.logProb(theta, contexts, 1);
    let below = 0;
    for (let i = 1; i <= NUM_PRIOR_DRAWS; i++) if (logQ[i]! < logQ[0]!) below++;
    const rank = below / NUM_PRIOR_DRAWS;
    ranks.push(rank);
    const draws = await model.sample(Array.from(x), NUM_PREDICTIVE, Rng.fromSeed(seed, 1 + k), 1);
    const predictive = simulatePredictiveTraces(task, { data: draws, numRows: NUM_PREDICTIVE, numCols: task.thetaDim }, Rng.fromSeed(seed, 100 + k));
    const counts = Array.from({ length: NUM_PREDICTIVE }, (_, i) => predictive.x.data[i * task.xDim]!);
    const meanCount = counts.reduce((a, b) => a + b, 0) / NUM_PREDICTIVE;
    console.log(JSON.stringify({ bench: 'hh-ranking', route, cell: cell.name, trueThetaRank: rank, observedSpikeCount: cell.x[0], predictiveMeanSpikeCount: meanCount, predictiveSpikeCountWithin1: counts.filter((c) => Math.abs(c - cell.x[0]!) <= 1).length / NUM_PREDICTIVE }));
  }
  model.dispose();
  return { model: dir, commit: card.commit, ranks, above90: ranks.filter((rank) => rank > 0.9).length, cells: ranks.length, minimumRank: Math.min(...ranks) };
}
