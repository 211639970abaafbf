import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage } from '../helpers/built-page';
import { readPlotted } from '../helpers/plotted';

interface ReferenceView {
  status: string;
  display: string;
  task: string;
  beta: number;
  numPoints: number;
  firstPoints: number[];
  /** Width in θ₁ of the exact density's contour lines (the 95 % region's), or null without a grid. */
  contourWidth: number | null;
}

/** Reads the reference panel's plotted data (not pixels). */
async function readReference(page: Page): Promise<ReferenceView> {
  const { dataset, traces } = await readPlotted(page, '#reference-panel');
  const draws = traces.filter((trace) => (trace.name === 'reference draws' || trace.name === 'exact grid draws') && trace.type.startsWith('scatter') && !trace.name.startsWith('exact p'));
  const contour = traces.find((trace) => trace.name.startsWith('exact p_β'));
  const xs = contour ? contour.x.filter((value) => Number.isFinite(value)) : [];
  return {
    status: dataset.status!,
    display: dataset.display!,
    task: dataset.task!,
    beta: Number(dataset.beta),
    numPoints: draws.reduce((acc, trace) => acc + trace.x.length, 0),
    firstPoints: draws.length > 0 ? draws[0]!.x.slice(0, 5) : [],
    contourWidth: xs.length > 0 ? Math.max(...xs) - Math.min(...xs) : null,
  };
}

/** Waits until the reference panel shows its sampler's finished run (at β, if given) and has painted it. */
async function waitForReference(page: Page, task: string, beta?: number): Promise<ReferenceView> {
  const betaSelector = beta === undefined ? '' : `[data-beta="${beta}"]`;
  await page.waitForSelector(`#reference-panel[data-task="${task}"][data-display="sampler"]${betaSelector}`, { timeout: 90_000 });
  await page.waitForFunction(() => {
    const panel = document.querySelector<HTMLElement>('#reference-panel')!;
    return panel.querySelector<HTMLElement>('.plotly-figure')?.dataset.painted === panel.dataset.beta;
  });
  return readReference(page);
}

/** Opens `hash` as a fresh page load (not a hash change of the open page). */
async function openFresh(page: Page, url: string, hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${url}${hash}`);
}

/** Waits until the reference figure holds the exact grid's contour lines (they arrive from their own worker). */
async function waitForContour(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const plot = document.querySelector('#reference-panel .js-plotly-plot') as unknown as { liveData?: { name?: string; x?: ArrayLike<number> }[] } | null;
    return plot?.liveData?.some((trace) => trace.name?.startsWith('exact p_β') && (trace.x?.length ?? 0) > 0) ?? false;
  });
}

describe('the lab page', () => {
  let close: () => Promise<void> = async () => {};
  let page: Page;
  let url = '';
  const errors: string[] = [];

  beforeAll(async () => {
    ({ page, url, close } = await openBuiltPage());
    await page.setViewportSize({ width: 1400, height: 1000 });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
  });

  afterAll(async () => {
    await close();
  });

  it('should open on Two Moons with reference draws, exact contours and a screenshot', async () => {
    await waitForReference(page, 'two_moons', 1);
    await waitForContour(page);
    const view = await readReference(page);
    expect(view.numPoints).toBe(10_000);
    expect(view.contourWidth).toBeGreaterThan(0);
    await expect(page.textContent('.diagnostics')).resolves.toMatch(/random-walk MH \(2 chains\)/);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/lab-main-view.png', fullPage: true });
    expect(page.url()).toContain('#task=two_moons&obs=1&beta=1&seed=1');
  });

  it('should reshape the draws and the contour when β moves (slider by keyboard, then the field)', async () => {
    const before = await readReference(page);
    await page.focus('#beta-slider');
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => Number((document.querySelector('#beta-field') as HTMLInputElement).value) < 0.7);
    const movedBeta = Number(await page.inputValue('#beta-field'));
    const moved = await waitForReference(page, 'two_moons', movedBeta);
    expect(moved.firstPoints).not.toEqual(before.firstPoints);
    // A smaller β widens the posterior: its 95 % region's lines spread further.
    expect(moved.contourWidth!).toBeGreaterThan(before.contourWidth!);

    await page.fill('#beta-field', '0.3');
    await page.press('#beta-field', 'Enter');
    await waitForReference(page, 'two_moons', 0.3);
    // The exact grid's lines at 0.3 may land a frame after the sampler's run on a loaded machine.
    await expect.poll(async () => (await readReference(page)).contourWidth!, { timeout: 10_000 }).toBeGreaterThan(moved.contourWidth!);
    expect(page.url()).toContain('beta=0.3');
  });

  it('should clamp a typed β outside the domain, with a visible note', async () => {
    await page.fill('#beta-field', '4');
    await page.press('#beta-field', 'Enter');
    await page.waitForSelector('.note-item[data-note="beta"]');
    await expect(page.textContent('.note-item[data-note="beta"]')).resolves.toMatch(/β: expected a number in \[0.1, 1.5\] \(Two Moons's β range\), got 4; clamped to 1.5/);
    await waitForReference(page, 'two_moons', 1.5);
  });

  it('should rerun for a dragged observation and put it in the link', async () => {
    const before = await readReference(page);
    await page.locator('#prior-predictive').scrollIntoViewIfNeeded();
    const handle = await page.locator('#prior-predictive .shapelayer path').first().boundingBox();
    expect(handle).not.toBeNull();
    const [cx, cy] = [handle!.x + handle!.width / 2, handle!.y + handle!.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 15, cy + 10, { steps: 5 });
    await page.mouse.move(cx - 30, cy + 20, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => location.hash.includes('x='));
    await page.waitForSelector('#observation-picker option[value="custom"]', { state: 'attached' });
    const after = await waitForReference(page, 'two_moons', 1.5);
    expect(after.firstPoints).not.toEqual(before.firstPoints);
  });

  it('should download the shown draws as the command line’s CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-reference')]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('theta_1,theta_2');
    expect(lines.length).toBe(1 + 10_000);
    expect(download.suggestedFilename()).toMatch(/^reference-two_moons-beta-1.5\.csv$/);
  });

  it('should simulate a new observation and condition on it', async () => {
    await page.click('#simulate-observation');
    await page.waitForSelector('#observation-picker option[value="custom"]', { state: 'attached' });
    expect(await page.inputValue('#observation-picker')).toBe('custom');
    await page.waitForFunction(() => location.hash.includes('x='));
    const view = await waitForReference(page, 'two_moons', 1.5);
    expect(view.numPoints).toBe(10_000);
  });

  it('should keep workers, heap and the posterior worker’s tensors flat while the slider is dragged back and forth', async () => {
    const session = await page.context().newCDPSession(page);
    const measure = async () => {
      await session.send('HeapProfiler.collectGarbage');
      const { metrics } = await session.send('Performance.getMetrics');
      const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value;
      const { targetInfos } = await session.send('Target.getTargets');
      const tensors = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.amortized-panel')].map((panel) => panel.dataset.numTensors ?? ''));
      return { heap, workers: targetInfos.filter((target) => target.type === 'worker').length, tensors };
    };
    await session.send('Performance.enable');
    await page.waitForSelector('#panel-b-nle[data-status="done"]', { timeout: 60_000 });
    const before = await measure();
    await page.focus('#beta-slider');
    for (let i = 0; i < 200; i++) await page.keyboard.press(i % 40 < 20 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForSelector('#reference-panel[data-display="sampler"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-b-nle')?.dataset.status === 'done' && document.querySelector<HTMLElement>('#panel-b-nre')?.dataset.status === 'done');
    const after = await measure();
    // Three lab workers (simulation, grid, oracle ESS), two reference workers (a resting β's run,
    // SLCP's ladder run), the posterior and training workers.
    expect(before.workers).toBe(7);
    expect(after.workers).toBe(before.workers);
    expect(after.tensors).toEqual(before.tensors);
    // Held arrays are replaced, not accumulated: allow 20 MB of noise on a ~40 MB heap.
    expect(after.heap - before.heap).toBeLessThan(20e6);
  }, 150_000);

  it('should show every task, and cancel a long SLCP run', async () => {
    for (const task of ['gaussian_mixture', 'gaussian_mixture_wide', 'lorenz96']) {
      await page.selectOption('#task-picker', task);
      await waitForReference(page, task);
      await waitForContour(page);
      const view = await readReference(page);
      expect(view.numPoints).toBeGreaterThan(0);
      expect(view.contourWidth).toBeGreaterThan(0);
    }
    await page.selectOption('#task-picker', 'slcp');
    // β = 0.77 is off the ladder: its own parallel-tempering run starts (a rung is served by the ladder run).
    await page.fill('#beta-field', '0.77');
    await page.press('#beta-field', 'Enter');
    await page.waitForSelector('#reference-panel[data-task="slcp"][data-status="streaming"]', { timeout: 30_000 });
    const streaming = await readReference(page);
    expect(streaming.contourWidth).toBeNull(); // no grid in 5-D
    await page.click('#cancel-reference');
    await page.waitForSelector('#reference-panel[data-status="cancelled"]', { timeout: 5_000 });
    await page.waitForSelector('#retry-reference:not([disabled])');
  });

  it('should reopen the view a link describes', async () => {
    await openFresh(page, url, '#task=gaussian_mixture&obs=3&beta=0.5&seed=7');
    await waitForReference(page, 'gaussian_mixture', 0.5);
    expect(await page.inputValue('#task-picker')).toBe('gaussian_mixture');
    expect(await page.inputValue('#observation-picker')).toBe('2');
    expect(await page.inputValue('#beta-field')).toBe('0.5');
    expect(await page.inputValue('#seed-field')).toBe('7');
  });

  it('should fall back on a malformed link with notes, and keep working', async () => {
    await openFresh(page, url, '#task=nope&beta=xyz&seed=1.5');
    await page.waitForSelector('.note-item');
    const notes = await page.textContent('.notes');
    expect(notes).toMatch(/expected task to be one of two_moons.*got "nope"/);
    expect(notes).toMatch(/expected beta to be a number, got "xyz"/);
    expect(notes).toMatch(/expected seed to be a whole number, got "1.5"/);
    await waitForReference(page, 'two_moons', 1);
    expect(errors).toEqual([]);
  });
});
