/**
 * `npm run bench:ui`: builds the page, opens it in headless Chromium, and on Two Moons and SLCP
 * measures, in the page, how the panels follow β. Prints one JSON line per task.
 *
 * - A continuous drag (once every β ladder is complete): slider input events every 16 ms for
 *   5 s, back and forth over the whole domain. Per panel, the frames painted with new data per
 *   second (`data-paints` of its figure) and how far the painted β lags the slider, in ladder
 *   steps (sampled every animation frame: |position of the painted β − position of the slider's
 *   β| on the ladder, fractional); the main thread's frame times (gaps between animation frames)
 *   p50/p95 and the share over 33 ms.
 * - Release: the slider let go at a β off the ladder; the time until every amortized panel paints
 *   ≥ 1 000 and then 4 000 exact draws at that β, until the reference panel paints draws at that
 *   β (exact grid draws, or SLCP's nearest rung at once and its sampler's run when done), and
 *   until its sampler's run is done; then β moved away and back: the time until the reference
 *   shows the cached run again.
 * - Observation change (3 nudged observations): until every route shows its first rung, until
 *   every route's ladder is complete (1 000 draws per rung), and until the reference's ladder is
 *   (exact grid rungs, or SLCP's tempering run).
 * - The earlier one-move-at-a-time figures: 60 single slider moves (each released at once),
 *   latency until every amortized panel shows ≥ 1 000 and 4 000 exact draws at the new β.
 * - The JS heap (after a forced GC) and the posterior worker's tensor count before and after.
 */
import { betaLadder } from '../src/core/beta-ladder';
import { EVALUATION_BETAS } from '../src/core/evaluation-grid';
import { getTask } from '../src/benchmarks/registry';
import { launchChromium } from './browser/chromium';
import { startPreviewServer } from './browser/preview-server';

const DRAG_MS = 5000;
const DRAG_EVENT_MS = 16;
const SINGLE_MOVES = 60;
const OBSERVATION_MOVES = 3;

/** Runs in the page (as source text: tsx's helpers do not exist there). */
const PAGE_HELPERS = `
window.__bench = {
  ladder: [],
  panels() { return [...document.querySelectorAll('.amortized-panel')].filter((p) => p.dataset.status !== 'missing' && p.dataset.status !== 'off'); },
  all() { return [document.querySelector('#reference-panel'), ...this.panels()]; },
  paints() { return this.all().map((p) => Number(p.querySelector('.plotly-figure')?.dataset.paints ?? 0)); },
  painted(p) { return Number(p.querySelector('.plotly-figure')?.dataset.painted); },
  /** Fractional position of β on the ladder (linear in log β between rungs). */
  position(beta) {
    const l = this.ladder;
    if (!(beta > 0)) return NaN;
    if (beta <= l[0]) return 0;
    for (let k = 1; k < l.length; k++) if (beta <= l[k]) return k - 1 + Math.log(beta / l[k - 1]) / Math.log(l[k] / l[k - 1]);
    return l.length - 1;
  },
  amortizedLaddersComplete() {
    return this.panels().length > 0 && this.panels().every((p) => Number(p.dataset.ladderDone) > 0 && p.dataset.ladderDone === p.dataset.ladderRungs);
  },
  ladderComplete() {
    return this.amortizedLaddersComplete() && document.querySelector('#reference-panel').dataset.ladderStatus === 'done';
  },
  setSlider(value) {
    const slider = document.querySelector('#beta-slider');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(slider, String(value));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    return Number(document.querySelector('#beta-field').value);
  },
  release() { document.querySelector('#beta-slider').dispatchEvent(new PointerEvent('pointerup', { bubbles: true })); },
  waitFor(condition, timeoutMs = 60000) {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const check = () => { if (condition()) resolve(performance.now() - t0); else if (performance.now() - t0 > timeoutMs) reject(new Error('timeout')); else requestAnimationFrame(check); };
      check();
    });
  },
  exactIn(panel, beta, minDraws) { return Number(panel.dataset.beta) === beta && Number(panel.dataset.numDraws) >= minDraws && panel.dataset.display === 'exact' && this.painted(panel) === beta; },
  async drag(durationMs, eventMs) {
    // Start where the sweep starts (the bottom of the domain): a jump there is not part of a drag.
    this.setSlider(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const frames = [];
    const lags = this.all().map(() => []);
    let sliderBeta = Number(document.querySelector('#beta-field').value);
    let recording = true;
    const loop = (t) => {
      frames.push(t);
      this.all().forEach((p, i) => {
        const painted = p.id === 'reference-panel' ? Number(p.querySelector('.plotly-figure')?.dataset.painted) : this.painted(p);
        lags[i].push(Math.abs(this.position(painted) - this.position(sliderBeta)));
      });
      if (recording) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    const paintsBefore = this.paints();
    const t0 = performance.now();
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - t0;
        if (elapsed >= durationMs) { clearInterval(timer); resolve(); return; }
        // A triangle wave over the whole slider, 2.5 s a sweep up and back.
        const phase = (elapsed % 2500) / 2500;
        sliderBeta = this.setSlider(Math.round(1000 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase)));
      }, eventMs);
    });
    const seconds = (performance.now() - t0) / 1000;
    recording = false;
    const paintsAfter = this.paints();
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    return { seconds, frames: frames.length, gaps, lags, paints: paintsAfter.map((n, i) => n - paintsBefore[i]), ids: this.all().map((p) => p.id) };
  },
  tensors() { return this.panels().map((p) => p.dataset.numTensors).filter(Boolean).map(Number); },
};`;

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  for (const [task, x] of [
    ['two_moons', [0.05, 0.1]],
    ['slcp', [0.5, -0.4, 0.8, 0.2, 0.3, 0.6, -0.2, 0.1]],
  ] as const) {
    const ladder = betaLadder(getTask(task).betaDomain, EVALUATION_BETAS);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}#task=${task}&obs=1&beta=1&seed=1`);
    await page.evaluate(PAGE_HELPERS);
    await page.evaluate(`window.__bench.ladder = ${JSON.stringify(ladder)}`);
    await page.waitForSelector('#backend-badge[data-status="ready"]', { timeout: 120_000 });
    // A function, not a string: Playwright evaluates a string predicate with eval, which the page's CSP forbids.
    await page.waitForFunction(() => (window as unknown as { __bench: { ladderComplete(): boolean } }).__bench.ladderComplete(), null, { timeout: 300_000, polling: 200 });
    const backend = await page.getAttribute('#backend-badge', 'data-backend');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value;
    };
    // Warm up: one short drag (shaders, kernels, every figure drawn once).
    await page.evaluate('window.__bench.drag(1000, 16)');
    await page.evaluate('window.__bench.release()');
    await page.waitForTimeout(1500);
    const heapBefore = await heap();
    const tensorsBefore = await page.evaluate('window.__bench.tensors()');

    // 1. The continuous drag.
    const drag = (await page.evaluate(`window.__bench.drag(${DRAG_MS}, ${DRAG_EVENT_MS})`)) as { seconds: number; frames: number; gaps: number[]; lags: number[][]; paints: number[]; ids: string[] };
    const panels = Object.fromEntries(
      drag.ids.map((id, i) => [id, { paintsPerSecond: round(drag.paints[i]! / drag.seconds), lagLadderSteps: { p50: round(quantile(drag.lags[i]!, 0.5)), p95: round(quantile(drag.lags[i]!, 0.95)), max: round(Math.max(...drag.lags[i]!.filter(Number.isFinite))) } }]),
    );

    // 2. Release at a β off the ladder, then away and back (the cached reference run).
    const releaseFigures = (await page.evaluate(`(async () => {
      const b = window.__bench;
      const beta = b.setSlider(777);
      const t0 = performance.now();
      b.release();
      const reference = document.querySelector('#reference-panel');
      const marks = {};
      const track = (name, condition) => b.waitFor(condition, 180000).then(() => { marks[name] = performance.now() - t0; });
      await Promise.all([
        track('amortized1000', () => b.panels().every((p) => b.exactIn(p, beta, 1000))),
        track('amortized4000', () => b.panels().every((p) => b.exactIn(p, beta, 4000) && p.dataset.status === 'done')),
        track('referenceDraws', () => Number(reference.querySelector('.plotly-figure').dataset.painted) > 0 && Number(reference.dataset.numShown) > 0),
        track('referenceAtBeta', () => Number(reference.querySelector('.plotly-figure').dataset.painted) === beta && Number(reference.dataset.numShown) >= 1000),
        track('referenceSamplerDone', () => reference.dataset.display === 'sampler' && Number(reference.dataset.beta) === beta),
      ]);
      b.setSlider(300); b.release();
      await b.waitFor(() => reference.dataset.display !== 'sampler' || Number(reference.dataset.beta) !== beta);
      await new Promise((r) => setTimeout(r, 300));
      b.setSlider(777);
      const t1 = performance.now();
      b.release();
      await b.waitFor(() => reference.dataset.display === 'sampler' && Number(reference.querySelector('.plotly-figure').dataset.painted) === beta);
      marks.referenceCachedReturn = performance.now() - t1;
      return { beta, marks };
    })()`)) as { beta: number; marks: Record<string, number> };

    // 3. Single moves, each released at once (the figures the issue started from).
    const single = (await page.evaluate(`(async () => {
      const b = window.__bench;
      const first = [], all = [];
      for (let i = 0; i < ${SINGLE_MOVES}; i++) {
        const previous = Number(document.querySelector('#beta-field').value);
        const beta = b.setSlider(Math.round(Math.abs(((i * 37) % 2000) - 1000)));
        if (beta === previous) continue;
        const t0 = performance.now();
        b.release();
        await b.waitFor(() => b.panels().every((p) => b.exactIn(p, beta, 1000)));
        first.push(performance.now() - t0);
        await b.waitFor(() => b.panels().every((p) => b.exactIn(p, beta, 4000) && p.dataset.status === 'done'));
        all.push(performance.now() - t0);
      }
      return { first, all };
    })()`)) as { first: number[]; all: number[] };

    // 4. Observation changes → complete ladders (the three routes', then the reference's).
    const ladderMs: { first: number; amortized: number; reference: number }[] = [];
    for (let i = 0; i < OBSERVATION_MOVES; i++) {
      const nudged = x.map((v, k) => (v + 0.01 * Math.sin(i + 1 + k)).toFixed(4)).join(',');
      ladderMs.push(
        (await page.evaluate(`(async () => {
          const b = window.__bench;
          const t0 = performance.now();
          location.hash = '#task=${task}&x=${nudged}&beta=1&seed=1';
          await new Promise((r) => setTimeout(r, 50));
          // First paint of the new observation: every route's first rung (β = 1 is one) on screen.
          await b.waitFor(() => b.panels().every((p) => Number(p.dataset.ladderDone) >= 1 && p.dataset.ladderDone !== p.dataset.ladderRungs), 300000);
          const first = performance.now() - t0;
          await b.waitFor(() => b.amortizedLaddersComplete(), 300000);
          const amortized = performance.now() - t0;
          await b.waitFor(() => b.ladderComplete(), 300000);
          return { first, amortized, reference: performance.now() - t0 };
        })()`)) as { first: number; amortized: number; reference: number },
      );
    }
    const heapAfter = await heap();
    const tensorsAfter = await page.evaluate('window.__bench.tensors()');
    console.log(
      JSON.stringify({
        bench: 'ui',
        task,
        backend,
        ladderRungs: ladder.length,
        drag: {
          seconds: round(drag.seconds),
          eventEveryMs: DRAG_EVENT_MS,
          frameMs: { p50: round(quantile(drag.gaps, 0.5)), p95: round(quantile(drag.gaps, 0.95)), shareOver33: round((100 * drag.gaps.filter((g) => g > 33).length) / Math.max(drag.gaps.length, 1)) },
          framesPerSecond: round(drag.frames / drag.seconds),
          panels,
        },
        release: { beta: releaseFigures.beta, ms: Object.fromEntries(Object.entries(releaseFigures.marks).map(([k, v]) => [k, round(v)])) },
        singleMoves: {
          count: single.first.length,
          first1000DrawsMs: { p50: round(quantile(single.first, 0.5)), p95: round(quantile(single.first, 0.95)) },
          all4000DrawsMs: { p50: round(quantile(single.all, 0.5)), p95: round(quantile(single.all, 0.95)) },
        },
        observationMs: { firstRungEveryRoute: ladderMs.map((m) => round(m.first)), completeLadders: ladderMs.map((m) => round(m.amortized)), referenceLadder: ladderMs.map((m) => round(m.reference)) },
        heapBytes: { before: heapBefore, after: heapAfter },
        workerTensors: { before: tensorsBefore, after: tensorsAfter },
        pageErrors,
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
