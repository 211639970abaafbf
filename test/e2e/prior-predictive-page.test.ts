import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatePriorPredictive } from '../../src/benchmarks/prior-predictive';
import { getTask } from '../../src/benchmarks/registry';
import { openBuiltPage } from '../helpers/built-page';
import { readPlotted } from '../helpers/plotted';

interface PlottedPanel {
  task: string;
  seed: number;
  numDraws: number;
  traces: { x: number[]; y: number[] }[];
}

/** Waits until the panel shows `taskId` done, then reads the plotted numbers from Plotly's data. */
async function readPanel(page: Page, taskId: string): Promise<PlottedPanel> {
  await page.waitForSelector(`#prior-predictive[data-status="done"][data-task="${taskId}"] .js-plotly-plot`, {
    timeout: 90_000,
  });
  const { dataset, traces } = await readPlotted(page, '#prior-predictive');
  return {
    task: dataset.task!,
    seed: Number(dataset.seed),
    numDraws: Number(dataset.numDraws),
    traces: traces.filter((trace) => trace.meta === 'prior-predictive').map(({ x, y }) => ({ x, y })),
  };
}

/**
 * Asserts two arrays agree to 1e-12 relative: Node's and Chromium's V8 may differ in the last
 * bit of Math.log/sin/cos, so bit-equality would test the JavaScript engines, not the lab.
 */
function expectSameNumbers(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  actual.forEach((value, i) => {
    worst = Math.max(worst, Math.abs(value - expected[i]!) / (1 + Math.abs(expected[i]!)));
  });
  expect(worst).toBeLessThan(1e-12);
}

function expectSameTraces(actual: PlottedPanel['traces'], expected: PlottedPanel['traces']): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((trace, k) => {
    expectSameNumbers(trace.x, expected[k]!.x);
    expectSameNumbers(trace.y, expected[k]!.y);
  });
}

/** The x that the page should have plotted, recomputed here by the same code and seed. */
function expectedPoints(taskId: string, numDraws: number, seed: number): { x: number[]; y: number[] }[] {
  const task = getTask(taskId);
  const { x } = simulatePriorPredictive(task, numDraws, seed);
  const view = task.dataView;
  if (view.kind !== 'points') throw new Error(`expected a points task, got ${view.kind}`);
  return Array.from({ length: view.numPoints }, (_, k) => ({
    x: Array.from({ length: numDraws }, (_, i) => x.data[i * task.xDim + 2 * k]!),
    y: Array.from({ length: numDraws }, (_, i) => x.data[i * task.xDim + 2 * k + 1]!),
  }));
}

describe('the built page, prior-predictive panel', () => {
  let close: () => Promise<void> = async () => {};
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    let url: string;
    ({ page, url, close } = await openBuiltPage());
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
  });

  afterAll(async () => {
    await close();
  });

  it('should plot the x that the same simulation with the same seed gives (to 1e-12)', async () => {
    const panel = await readPanel(page, 'two_moons');
    expect(panel.numDraws).toBeGreaterThan(100);
    const expected = expectedPoints('two_moons', panel.numDraws, panel.seed);
    expect(panel.traces).toHaveLength(1);
    expectSameTraces(panel.traces, expected);
  });

  it('should switch task and plot the new task’s simulation', async () => {
    await page.selectOption('#task-picker', 'slcp');
    const panel = await readPanel(page, 'slcp');
    const expected = expectedPoints('slcp', panel.numDraws, panel.seed);
    expectSameTraces(panel.traces, expected);
  });

  it('should draw time series for Lorenz-96 equal to the simulation', async () => {
    await page.selectOption('#task-picker', 'lorenz96');
    const panel = await readPanel(page, 'lorenz96');
    const task = getTask('lorenz96');
    const { x } = simulatePriorPredictive(task, panel.numDraws, panel.seed);
    expect(panel.traces).toHaveLength(panel.numDraws);
    const view = task.dataView;
    if (view.kind !== 'series') throw new Error('expected series');
    panel.traces.forEach((trace, i) => {
      expectSameNumbers(trace.y, Array.from({ length: view.numSteps }, (_, t) => x.data[i * task.xDim + t * view.numSeries]!));
    });
  });

  it('should redraw with a new seed and refuse a malformed one with a visible note', async () => {
    await page.selectOption('#task-picker', 'gaussian_mixture');
    const before = await readPanel(page, 'gaussian_mixture');
    await page.fill('#seed-field', '42');
    await page.press('#seed-field', 'Enter');
    await page.waitForSelector('#prior-predictive[data-seed="42"][data-status="done"]');
    const after = await readPanel(page, 'gaussian_mixture');
    expect(after.seed).toBe(42);
    expectSameTraces(after.traces, expectedPoints('gaussian_mixture', after.numDraws, 42));
    expect(after.traces[0]!.x).not.toEqual(before.traces[0]!.x);

    await page.fill('#seed-field', 'abc');
    await page.press('#seed-field', 'Enter');
    await expect(page.textContent('[role="alert"]')).resolves.toContain('expected a whole number, got "abc"');
    expect(errors).toEqual([]);
  });
});
