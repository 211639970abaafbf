import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { evaluationBetasIn } from '../../src/core/evaluation-grid';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { calibrate, type CalibratedPosterior, networkPosterior, networkRows } from '../../src/routes/calibration';
import { loadPosteriorModel } from '../model-files';

/**
 * Issue 20's calibration in Node on wasm (one thread, as one worker has): K = 200 data sets × 500
 * draws × 𝒢 (9 β) for Two Moons' shipped B-NLE, densities included (≈ 0.9 M draws). Prints the
 * seconds in all, per β, and split between drawing and scoring; the aim is ≤ 45 s here.
 */
export async function benchCalibrate(seed: number): Promise<Record<string, unknown>> {
  const backend = await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
  const { model, task } = loadPosteriorModel('public/models/two_moons/b-nle');
  try {
    const phase = { drawSeconds: 0, scoreSeconds: 0 };
    const timed = <T>(key: keyof typeof phase, run: () => Promise<T>) => async () => {
      const start = performance.now();
      const value = await run();
      phase[key] += (performance.now() - start) / 1000;
      return value;
    };
    const network = networkPosterior(model, task);
    const posterior: CalibratedPosterior = {
      ...network,
      sampleEach: (x, perDataSet, rng, beta) => timed('drawSeconds', () => network.sampleEach(x, perDataSet, rng, beta))(),
      logProb: (theta, x, beta) => timed('scoreSeconds', () => network.logProb(theta, x, beta))(),
    };
    const [numDataSets, draws] = [200, 500];
    const betas = evaluationBetasIn(task.betaDomain);
    const theta = sampleBoxPrior(task, numDataSets, Rng.fromSeed(seed, 1));
    const x = networkRows(task, task.simulate(theta, Rng.fromSeed(seed, 2)).data);
    const start = performance.now();
    let last = start;
    const perBeta: number[] = [];
    const result = await calibrate(posterior, { theta: theta.data, x }, { betas, drawsPerDataSet: draws, level: 0.9, numBootstrap: 2000, onBeta: () => {
      const now = performance.now();
      perBeta.push(Number(((now - last) / 1000).toFixed(2)));
      last = now;
    } }, Rng.fromSeed(seed + 1));
    const seconds = (performance.now() - start) / 1000;
    const totalDraws = numDataSets * draws * betas.length;
    const line = { bench: 'calibrate', task: task.id, route: 'b-nle', backend: backend.chosen, numDataSets, draws, betas: betas.length, totalDraws, seconds: Number(seconds.toFixed(2)), microsecondsPerDraw: Number(((1e6 * seconds) / totalDraws).toFixed(1)), drawSeconds: Number(phase.drawSeconds.toFixed(2)), scoreSeconds: Number(phase.scoreSeconds.toFixed(2)), secondsPerBeta: perBeta, chosenBeta: result.choice.beta };
    console.log(JSON.stringify(line));
    return { seconds: line.seconds, microsecondsPerDraw: line.microsecondsPerDraw };
  } finally {
    model.dispose();
  }
}
