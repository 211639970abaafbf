import { EVALUATION_BETAS } from '../../src/core/evaluation-grid';
import { getTask } from '../../src/benchmarks/registry';
import { betaLadder } from '../../src/core/beta-ladder';
import { matrixFromRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import type { LabResponse } from '../../src/protocol/messages';
import { LikelihoodGrid } from '../../src/reference/grid-posterior';
import { gridView } from '../../src/reference/grid-view';
import { PosteriorSession } from '../../src/sessions/posterior-session';
import { loadModelDirectory } from '../model-files';

const ROUTES = ['a', 'b-nle', 'b-nre'] as const;

/**
 * The live page's compute, in Node on wasm (one thread, as one worker has): per shipped route
 * of Two Moons and SLCP, milliseconds for a whole β ladder (40 rungs × 1 000 draws, as the page
 * asks) and for 1 000 and 3 000 exact draws at one β; per grid task, milliseconds per rung of the
 * exact grid (temper, contours and marginals, 1 000 grid draws). Where the page's ladder time goes.
 */
export async function benchLadder(seed: number): Promise<Record<string, unknown>> {
  await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
  const summary: Record<string, unknown> = {};
  for (const taskId of ['two_moons', 'slcp'] as const) {
    const task = getTask(taskId);
    const x = [...task.observations[0]!.x];
    const betas = betaLadder(task.betaDomain, EVALUATION_BETAS);
    const session = new PosteriorSession(
      (_response: LabResponse) => undefined,
      () => chooseBackend({ candidates: ['wasm'], override: 'wasm' }),
      { fetchShipped: async (url) => loadModelDirectory(url), readBrowser: async () => null },
      () => Promise.resolve(),
    );
    for (const route of ROUTES) {
      const source = { kind: 'shipped' as const, url: `public/models/${taskId}/${route}` };
      const exact = (numDraws: number) => session.sample({ type: 'posterior-sample', runId: 1, taskId, route, source, x, beta: 0.8, numDraws, seed });
      await exact(1000); // loads the model, warms the kernels
      const timed = async (run: () => Promise<void>, repeats: number) => {
        const start = performance.now();
        for (let i = 0; i < repeats; i++) await run();
        return (performance.now() - start) / repeats;
      };
      const draws1000Ms = await timed(() => exact(1000), 5);
      const draws3000Ms = await timed(() => exact(3000), 3);
      const ladderMs = await timed(() => session.ladder({ type: 'posterior-ladder', runId: 2, taskId, route, source, x, seed, betas, focusBeta: 1, numDraws: 1000 }), 2);
      const line = { bench: 'ladder', task: taskId, route, rungs: betas.length, drawsPerRung: 1000, ladderMs: Math.round(ladderMs), microsecondsPerDraw: Number(((1000 * ladderMs) / (betas.length * 1000)).toFixed(1)), draws1000Ms: Math.round(draws1000Ms), draws3000Ms: Math.round(draws3000Ms) };
      console.log(JSON.stringify(line));
      summary[`${taskId}/${route}`] = line.ladderMs;
    }
  }
  for (const taskId of ['two_moons', 'gaussian_mixture', 'lorenz96'] as const) {
    const task = getTask(taskId);
    let start = performance.now();
    const grid = new LikelihoodGrid(task, matrixFromRows([task.observations[0]!.x]));
    const gridMs = performance.now() - start;
    const betas = betaLadder(task.betaDomain, EVALUATION_BETAS);
    start = performance.now();
    for (const beta of betas) {
      const tempered = grid.temper(beta);
      gridView(grid, tempered);
      grid.sample(tempered, 1000, Rng.fromSeed(seed, 17));
    }
    const perRungMs = (performance.now() - start) / betas.length;
    console.log(JSON.stringify({ bench: 'ladder', task: taskId, grid: `${grid.cellsPerDim}^${task.thetaDim}`, likelihoodGridMs: Math.round(gridMs), perRungMs: Number(perRungMs.toFixed(1)), ladderMs: Math.round(perRungMs * betas.length) }));
    summary[`${taskId}/grid`] = Math.round(perRungMs * betas.length);
  }
  return { ladderMs: summary };
}
