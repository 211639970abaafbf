import { describe, expect, it } from 'vitest';
import { EVALUATION_BETAS } from '../../src/core/evaluation-grid';
import { getTask } from '../../src/benchmarks/registry';
import { betaLadder } from '../../src/core/beta-ladder';
import { matrixFrom, matrixFromRows } from '../../src/core/matrix';
import type { GridLadderRequest, LabResponse } from '../../src/protocol/messages';
import { LikelihoodGrid } from '../../src/reference/grid-posterior';
import { GridSession } from '../../src/sessions/grid-session';
import { binnedTotalVariation } from '../helpers/binned-tv';

type GridResult = Extract<LabResponse, { type: 'grid-result' }>;
type RungResult = Extract<LabResponse, { type: 'grid-ladder-result' }>;

describe('the grid session (exact grid posteriors for the page)', () => {
  const task = getTask('two_moons');
  const x = [...task.observations[0]!.x];
  const grid = new LikelihoodGrid(task, matrixFromRows([x]));

  it.each([0.3, 1.5])('should give exact grid draws at β = %s that agree with the grid cell masses (binned TV)', (beta) => {
    const responses: LabResponse[] = [];
    new GridSession((response) => responses.push(response)).exact({ type: 'grid', runId: 1, taskId: 'two_moons', x, beta, numDraws: 20_000, seed: 4 });
    const result = responses[0] as GridResult;
    expect(result.view.beta).toBe(beta);
    expect(result.view.contours[0]!.x.length).toBeGreaterThan(0);
    // Independent draws: n_eff is the draw count; the threshold's false-alarm rate is below 1e-6
    // (helpers/binned-tv.ts), and bins of 16² cells are coarser than the crescents' width.
    const { tv, threshold } = binnedTotalVariation(grid, grid.temper(beta), matrixFrom(result.draws, 20_000, 2), 16, 20_000, 0);
    expect(tv).toBeLessThan(threshold);
    // A draw at another β is caught: the β = 0.3 draws fail the β = 1.5 grid.
    if (beta === 0.3) expect(binnedTotalVariation(grid, grid.temper(1.5), matrixFrom(result.draws, 20_000, 2), 16, 20_000, 0).tv).toBeGreaterThan(threshold);
  });

  it('should stream every rung of a ladder nearest the focus first, with the same uniforms at every β, and stop when a newer ladder comes', async () => {
    const responses: LabResponse[] = [];
    const session = new GridSession((response) => responses.push(response), () => Promise.resolve());
    const betas = betaLadder(task.betaDomain, EVALUATION_BETAS);
    const request: GridLadderRequest = { type: 'grid-ladder', runId: 7, taskId: 'two_moons', x, betas, focusBeta: 0.7, numDraws: 100, seed: 2 };
    await session.ladder(request);
    const rungs = responses as RungResult[];
    expect(rungs.map((r) => r.rung).sort((a, b) => a - b)).toEqual(betas.map((_, k) => k));
    expect(betas[rungs[0]!.rung]).toBe(0.7);
    expect(rungs.at(-1)!.numDone).toBe(betas.length);
    // Common random numbers: a rung's draws equal the exact draws at its β with the same seed.
    const single: LabResponse[] = [];
    new GridSession((response) => single.push(response)).exact({ type: 'grid', runId: 8, taskId: 'two_moons', x, beta: 1.3, numDraws: 100, seed: 2 });
    expect(Array.from(rungs.find((r) => betas[r.rung] === 1.3)!.draws)).toEqual(Array.from((single[0] as GridResult).draws));
    // A newer ladder stops the older one between rungs.
    responses.length = 0;
    const older = session.ladder({ ...request, runId: 9 });
    const newer = session.ladder({ ...request, runId: 10, focusBeta: 1.5 });
    await Promise.all([older, newer]);
    expect(responses.filter((r) => r.runId === 9).length).toBeLessThan(2);
    expect(responses.filter((r) => r.runId === 10)).toHaveLength(betas.length);
  }, 60_000);
});
