import { getTask } from '../benchmarks/registry';
import { rungsNearestFirst } from '../core/beta-ladder';
import { LruCache } from '../core/lru-cache';
import { matrixFromRows } from '../core/matrix';
import { Rng } from '../core/rng';
import type { GridLadderRequest, GridRequest } from '../protocol/messages';
import { LikelihoodGrid } from '../reference/grid-posterior';
import { gridView, gridViewBuffers } from '../reference/grid-view';
import type { PostResponse } from './session';

/** Likelihood grids kept (Two Moons' 1 024² is 8 MB): going back to an observation costs nothing. */
const GRID_CACHE_SIZE = 4;

/** The stream of the seed that exact grid draws use: the same uniforms at every β, so draws move smoothly with β. */
const GRID_DRAWS_STREAM = 17;

/**
 * The exact grid posterior for the page (2-D and 3-D θ): the log-likelihood grid is computed
 * once per (task, x) and kept in a small LRU cache; each β then only re-tempers it (O(cells)) for
 * contours, marginals and exact grid draws (`LikelihoodGrid.sample`). A ladder streams every rung,
 * nearest the focus β first, yielding between rungs so a newer request (or a cancel) is heard;
 * a newer ladder stops an older one.
 */
export class GridSession {
  private readonly grids = new LruCache<string, LikelihoodGrid>(GRID_CACHE_SIZE);
  private latestLadder = -1;

  constructor(
    private readonly post: PostResponse,
    private readonly yieldToEventLoop: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ) {}

  /** The likelihood grid of (task, x), computed on first use. */
  private gridFor(taskId: GridRequest['taskId'], x: readonly number[]): LikelihoodGrid {
    const key = `${taskId}|${x.join(',')}`;
    let grid = this.grids.get(key);
    if (!grid) {
      grid = new LikelihoodGrid(getTask(taskId), matrixFromRows([x]));
      this.grids.set(key, grid);
    }
    return grid;
  }

  /** Contours, marginals and draws at one β. */
  private at(grid: LikelihoodGrid, beta: number, numDraws: number, seed: number) {
    const tempered = grid.temper(beta);
    const view = gridView(grid, tempered);
    const draws = numDraws > 0 ? grid.sample(tempered, numDraws, Rng.fromSeed(seed, GRID_DRAWS_STREAM)).data : new Float64Array(0);
    return { view, draws, transfer: [...gridViewBuffers(view), draws.buffer as ArrayBuffer] };
  }

  /** Answers a `grid` request: the exact posterior at β. */
  exact(request: GridRequest): void {
    const start = performance.now();
    const { view, draws, transfer } = this.at(this.gridFor(request.taskId, request.x), request.beta, request.numDraws, request.seed);
    this.post(
      { type: 'grid-result', runId: request.runId, taskId: request.taskId, view, draws, numDraws: request.numDraws, seconds: (performance.now() - start) / 1000 },
      transfer,
    );
  }

  /** Answers a `grid-ladder` request, one message per rung; resolves when done or superseded. */
  async ladder(request: GridLadderRequest): Promise<void> {
    this.latestLadder = request.runId;
    const start = performance.now();
    const grid = this.gridFor(request.taskId, request.x);
    let numDone = 0;
    for (const rung of rungsNearestFirst(request.betas, request.focusBeta)) {
      await this.yieldToEventLoop();
      if (this.latestLadder !== request.runId) return;
      const { view, draws, transfer } = this.at(grid, request.betas[rung]!, request.numDraws, request.seed);
      numDone += 1;
      this.post(
        { type: 'grid-ladder-result', runId: request.runId, taskId: request.taskId, betas: request.betas, rung, view, draws, numDraws: request.numDraws, numDone, seconds: (performance.now() - start) / 1000 },
        transfer,
      );
    }
  }

  /** Stops ladder `runId` before its next rung. */
  cancel(runId: number): void {
    if (this.latestLadder === runId) this.latestLadder = -1;
  }
}
