/**
 * `npm run bench:ui`: builds the page, opens it in headless Chromium, and on Two Moons and SLCP
 * drives 200 β-slider moves and 50 observation changes (x nudged as a drag would, through the
 * URL), one at a time. For each it measures, in the page, the time from the input event to the
 * first animation frame after every amortized panel with a model shows draws for the new
 * selection with at least 1 000 draws (the first of a panel's two requests), and until all
 * 4 000 are drawn; it also counts dropped frames (gaps over 25 ms between animation frames) and
 * reads the JS heap (after a forced GC) and the posterior worker's tensor count before and
 * after. Prints one JSON line per task.
 */
import { launchChromium } from '../test/helpers/chromium';
import { startPreviewServer } from '../test/helpers/preview-server';

const SLIDER_MOVES = 200;
const OBSERVATION_MOVES = 50;

/** Runs in the page (as source text: tsx's helpers do not exist there). */
const PAGE_HELPERS = `
window.__bench = {
  frames: [],
  startFrames() { const loop = (t) => { this.frames.push(t); if (this.recording) requestAnimationFrame(loop); }; this.recording = true; requestAnimationFrame(loop); },
  stopFrames() { this.recording = false; const gaps = this.frames.slice(1).map((t, i) => t - this.frames[i]); return { frames: this.frames.length, dropped: gaps.filter((g) => g > 25).length }; },
  panels() { return [...document.querySelectorAll('.amortized-panel')].filter((p) => p.dataset.status !== 'missing' && p.dataset.status !== 'off'); },
  panelsShow(beta, minDraws) {
    const panels = this.panels();
    return panels.length > 0 && panels.every((p) => Number(p.dataset.beta) === beta && Number(p.dataset.numDraws) >= minDraws && (minDraws < 4000 || p.dataset.status === 'done'));
  },
  panelsReady(beta) { return this.panelsShow(beta, 4000); },
  versions() { return [...document.querySelectorAll('.amortized-panel')].map((p) => p.dataset.status === 'done' ? Number(p.dataset.version) : -1); },
  waitFor(condition) {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const check = () => { if (condition()) requestAnimationFrame(() => resolve(performance.now() - t0)); else if (performance.now() - t0 > 20000) reject(new Error('timeout')); else requestAnimationFrame(check); };
      check();
    });
  },
  async moveSlider(value) {
    const slider = document.querySelector('#beta-slider');
    const before = this.versions();
    const previous = document.querySelector('#beta-field').value;
    const t0 = performance.now();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(slider, String(value));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const beta = Number(document.querySelector('#beta-field').value);
    if (String(beta) === previous) return null; // the step rounded to the same β: nothing to redraw
    const moved = () => this.versions().every((v, i) => v === -1 || v > before[i]);
    await this.waitFor(() => moved() && this.panelsShow(beta, 1000));
    const first = performance.now() - t0;
    await this.waitFor(() => this.panelsShow(beta, 4000));
    return [first, performance.now() - t0];
  },
  async moveObservation(hash) {
    const before = this.versions();
    const t0 = performance.now();
    location.hash = hash;
    await this.waitFor(() => this.versions().every((v, i) => v === -1 || v > before[i]));
    const first = performance.now() - t0;
    await this.waitFor(() => this.panels().every((p) => p.dataset.status === 'done' && Number(p.dataset.numDraws) >= 4000));
    return [first, performance.now() - t0];
  },
  tensors() { return [...document.querySelectorAll('.amortized-panel')].map((p) => p.dataset.numTensors).filter(Boolean).map(Number); },
};`;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  for (const [task, x] of [
    ['two_moons', [0.05, 0.1]],
    ['slcp', [0.5, -0.4, 0.8, 0.2, 0.3, 0.6, -0.2, 0.1]],
  ] as const) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}#task=${task}&obs=1&beta=1&seed=1`);
    await page.evaluate(PAGE_HELPERS);
    await page.waitForSelector('#backend-badge[data-status="ready"]', { timeout: 120_000 });
    await page.waitForFunction('window.__bench.panelsReady(1)', null, { timeout: 120_000 });
    const backend = await page.getAttribute('#backend-badge', 'data-backend');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value;
    };
    // A triangle sweep over the slider's steps, as a hand dragging back and forth would; the
    // first 10 moves warm up (every model loaded, shaders and wasm kernels compiled).
    const position = (i: number) => Math.round(Math.abs(((i * 37) % 2000) - 1000));
    for (let i = 0; i < 10; i++) await page.evaluate(`window.__bench.moveSlider(${position(i + 500)})`);
    const heapBefore = await heap();
    const tensorsBefore = await page.evaluate('window.__bench.tensors()');
    await page.evaluate('window.__bench.startFrames()');
    const first: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < SLIDER_MOVES; i++) {
      const ms = (await page.evaluate(`window.__bench.moveSlider(${position(i)})`)) as [number, number] | null;
      if (ms !== null) {
        first.push(ms[0]);
        all.push(ms[1]);
      }
    }
    const observationFirst: number[] = [];
    const observationAll: number[] = [];
    for (let i = 0; i < OBSERVATION_MOVES; i++) {
      const nudged = x.map((v, k) => (v + 0.01 * Math.sin(i + k)).toFixed(4)).join(',');
      const [firstMs, allMs] = (await page.evaluate(`window.__bench.moveObservation('#task=${task}&x=${nudged}&beta=1&seed=1')`)) as [number, number];
      observationFirst.push(firstMs);
      observationAll.push(allMs);
    }
    const frames = (await page.evaluate('window.__bench.stopFrames()')) as { frames: number; dropped: number };
    const heapAfter = await heap();
    const tensorsAfter = await page.evaluate('window.__bench.tensors()');
    const round = (v: number) => Math.round(v * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'ui',
        task,
        backend,
        sliderMoves: first.length,
        observationMoves: OBSERVATION_MOVES,
        drawsPerPanel: 4000,
        sliderFirstRepaint1000DrawsMs: { p50: round(quantile(first, 0.5)), p95: round(quantile(first, 0.95)) },
        slider4000DrawsMs: { p50: round(quantile(all, 0.5)), p95: round(quantile(all, 0.95)) },
        observationFirstRepaintMs: { p50: round(quantile(observationFirst, 0.5)), p95: round(quantile(observationFirst, 0.95)) },
        observation4000DrawsMs: { p50: round(quantile(observationAll, 0.5)), p95: round(quantile(observationAll, 0.95)) },
        frames: frames.frames,
        framesDroppedOver25ms: frames.dropped,
        heapBytes: { before: heapBefore, after: heapAfter },
        workerTensors: { before: tensorsBefore, after: tensorsAfter },
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
