import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrateNeuron, neuronParameters, TRACE_LENGTH } from '../../src/benchmarks/hodgkin-huxley/neuron';
import { hodgkinHuxleyMetadata } from '../../src/benchmarks/metadata/hodgkin-huxley';

const SHOWCASE_CELLS = hodgkinHuxleyMetadata.showcaseCells;
import { formatTracesCsv } from '../../src/benchmarks/traces';
import { Rng } from '../../src/core/rng';
import { openBuiltPage } from '../helpers/built-page';
import { readPlotted } from '../helpers/plotted';

/** The names, lengths and metas of a panel's traces, and its number of subplots. */
async function plotData(page: Page, selector: string): Promise<{ names: string[]; lengths: number[]; metas: string[]; axes: number }> {
  const { traces, numXAxes } = await readPlotted(page, selector);
  return { names: traces.map((trace) => trace.name), lengths: traces.map((trace) => trace.y.length), metas: traces.map((trace) => trace.meta), axes: numXAxes };
}

/** Issue 10's page: no reference, the marginals overlay (Figure 2) and predictive traces (Figure 3). */
describe('Hodgkin–Huxley in the built page', () => {
  let close: () => Promise<void> = async () => {};
  let page: Page;
  let url = '';
  const errors: string[] = [];

  beforeAll(async () => {
    ({ page, url, close } = await openBuiltPage());
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}#task=hodgkin_huxley&obs=regular&beta=1&seed=1`);
  }, 120_000);

  afterAll(async () => {
    await close();
  });

  it('should say the likelihood is intractable instead of running a reference sampler', async () => {
    await page.waitForSelector('#reference-panel[data-task="hodgkin_huxley"][data-status="intractable"]', { timeout: 60_000 });
    expect(await page.textContent('#reference-panel')).toMatch(/none: the likelihood is intractable/);
    expect(await page.inputValue('#observation-picker')).toBe('showcase:regular');
  }, 90_000);

  it('should draw the 8 marginals at β = 0.1, 1, 2 and the slider\'s β from the shipped B-NLE model', async () => {
    await page.waitForSelector('#panel-b-nle[data-status="done"][data-beta="1"]', { timeout: 90_000 });
    await page.waitForSelector('#predictive-panel[data-status="done"]', { timeout: 90_000 });
    await page.waitForFunction(() => {
      const plot = document.querySelector('#panel-b-nle .js-plotly-plot') as unknown as { data: { name?: string }[] } | null;
      return (plot?.data ?? []).some((trace) => trace.name === 'β = 2');
    }, undefined, { timeout: 30_000 });
    const view = await plotData(page, '#panel-b-nle');
    expect(view.axes).toBe(8);
    for (const name of ['β = 0.1', 'β = 1', 'β = 2', 'β = 1 (slider)']) expect(view.names.filter((n) => n === name)).toHaveLength(8);
    expect(await page.textContent('#panel-b-nle .model-line')).toMatch(/10,000 simulations · spline-flow/);
  }, 150_000);

  it('should overlay 20 predictive traces on the observed trace, and follow β', async () => {
    const before = await plotData(page, '#predictive-panel');
    expect(before.metas.filter((meta) => meta === 'predictive')).toHaveLength(20);
    expect(before.lengths[before.metas.indexOf('predictive')]).toBe(1201);
    expect(before.lengths[before.metas.indexOf('observed')]).toBe(3001);
    expect(await page.textContent('#predictive-panel .statistics-table')).toMatch(/spike count/);
    const version = Number(await page.getAttribute('#predictive-panel', 'data-version'));
    await page.fill('#beta-field', '2');
    await page.press('#beta-field', 'Enter');
    await page.waitForFunction((v) => {
      const panel = document.querySelector<HTMLElement>('#predictive-panel');
      return panel?.dataset.status === 'done' && panel.dataset.beta === '2' && Number(panel.dataset.version) > v;
    }, version, { timeout: 60_000 });
    await page.waitForSelector('#panel-b-nle[data-status="done"][data-beta="2"]', { timeout: 60_000 });
    expect((await plotData(page, '#panel-b-nle')).names.filter((n) => n === 'β = 2 (slider)')).toHaveLength(8);
  }, 120_000);

  it('should show the data as statistics, and say when an observation has no recorded trace', async () => {
    const data = await plotData(page, '#prior-predictive');
    expect(data.metas.filter((meta) => meta === 'prior-predictive').length).toBe(7);
    await page.selectOption('#observation-picker', 'misspecified');
    await page.waitForSelector('#predictive-panel .note');
    expect(await page.textContent('#predictive-panel .note')).toMatch(/no recorded trace/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('should take a recorded trace from a file as the observation, and say why a bad file is refused', async () => {
    await page.setInputFiles('#recorded-trace', { name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from('time,voltage\n0,-70\n0.1,-70\n') });
    await page.waitForSelector('.note-item[data-note="trace"]', { timeout: 30_000 });
    expect(await page.textContent('.note-item[data-note="trace"]')).toMatch(/Could not use the recorded trace: short\.csv: .*expected at least 1100 samples/);
    expect(await page.inputValue('#observation-picker')).toBe('misspecified');

    const voltage = new Float64Array(TRACE_LENGTH);
    integrateNeuron(neuronParameters(SHOWCASE_CELLS[0]!.theta), Rng.fromSeed(7), voltage);
    const csv = formatTracesCsv({ data: voltage, numRows: 1, numCols: voltage.length }, 0.01, 1).replace('v_1', 'voltage');
    const version = Number(await page.getAttribute('#predictive-panel', 'data-version'));
    await page.setInputFiles('#recorded-trace', { name: 'my-cell.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => (document.querySelector('#observation-picker') as HTMLSelectElement | null)?.value === 'recorded', undefined, { timeout: 30_000 });
    expect(await page.textContent('#observation-picker option[value="recorded"]')).toBe('Recorded: my-cell.csv');
    expect(await page.$('.note-item[data-note="trace"]')).toBeNull();
    await page.waitForFunction((v) => {
      const panel = document.querySelector<HTMLElement>('#predictive-panel');
      return panel?.dataset.status === 'done' && Number(panel.dataset.version) > v;
    }, version, { timeout: 60_000 });
    const view = await plotData(page, '#predictive-panel');
    expect(view.lengths[view.metas.indexOf('observed')]).toBe(3001);
    expect(view.metas.filter((meta) => meta === 'predictive')).toHaveLength(20);
    // The link carries the statistics (the trace itself is too long for a URL).
    expect(await page.evaluate(() => window.location.hash)).toMatch(/x=\d+,-\d/);
    expect(errors).toEqual([]);
  }, 120_000);
});
