/**
 * `npm run bench:browser`: builds nothing itself (run `npm run build` first; the npm script
 * does), opens backend-check.html in headless Chromium and prints one JSON line per backend
 * and estimator with training examples per second, in the page and in a Web Worker; then times
 * C2ST and MMD² of 10 000 vs 10 000 draws (2-D and 5-D Gaussians half a std apart) in the lab
 * worker, whose C2ST folds run on nested workers; last, a page-sized calibration (issue 20) through
 * the lab's calibration panel, timed by the panel.
 */
import { launchChromium } from './browser/chromium';
import { startPreviewServer } from './browser/preview-server';

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}backend-check.html?backends=webgpu,webgl,wasm,cpu&rows=2048&epochs=2`);
  await page.waitForFunction(() => (window as { backendCheck?: unknown }).backendCheck, null, { timeout: 900_000 });
  const result = await page.evaluate(() => (window as unknown as { backendCheck: Record<string, unknown> }).backendCheck);
  if ('error' in result) throw new Error(String(result.error));
  for (const where of ['page', 'worker'] as const) {
    for (const row of result[where] as Record<string, unknown>[]) {
      console.log(JSON.stringify({ bench: 'train', where, backend: row.backend, estimator: row.estimator, examplesPerSecond: row.trainingExamplesPerSecond, maxRelativeErrorVsCpu: row.maxRelativeError, error: row.error }));
    }
  }
  await page.goto(server.url);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => /lab\.worker-[^/]*\.js$/.test(entry.name)));
  for (const dim of [2, 5]) {
    // Passed as source text: tsx would wrap named functions in a helper the page does not have.
    const timing = (await page.evaluate(`(async (d) => {
      const url = performance.getEntriesByType('resource').find((entry) => /lab\\.worker-[^/]*\\.js$/.test(entry.name)).name;
      let state = 12345; // a small seeded generator: this runs in the page, outside the lab's modules
      const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
      const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const n = 10000;
      const reference = Float64Array.from({ length: n * d }, () => normal());
      const candidate = Float64Array.from({ length: n * d }, (_, k) => normal() + (k % d === 0 ? 0.5 : 0));
      const worker = new Worker(url, { type: 'module' });
      const start = performance.now();
      const reply = await new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage({ type: 'two-sample', runId: 1, reference, candidate, dim: d, seed: 1 });
      });
      worker.terminate();
      return { ...reply, wallSeconds: (performance.now() - start) / 1000 };
    })(${dim})`)) as Record<string, unknown>;
    console.log(JSON.stringify({ bench: 'metrics', where: 'lab worker (browser)', dim, samplesPerSide: 10_000, ...timing }));
  }
  // Issue 20's page-sized calibration through the panel: Two Moons' B-NLE, 200 data sets × 500
  // draws × 9 β, no reference check; the panel's own timer (the calibration worker's seconds).
  await page.goto(`${server.url}#task=two_moons&obs=1&beta=1&seed=1`);
  const panel = '#calibration-panel';
  await page.waitForFunction(() => document.querySelector<HTMLOptionElement>('#calibration-panel .calibration-route option[value="b-nle"]')?.disabled === false, null, { timeout: 120_000 });
  await page.selectOption(`${panel} .calibration-route`, 'b-nle');
  await page.selectOption(`${panel} .calibration-size`, 'full');
  await page.uncheck(`${panel} .calibration-reference-check`);
  const clicked = Date.now();
  await page.click(`${panel} .calibration-run`);
  await page.waitForSelector(`${panel}[data-status="done"]`, { timeout: 1_800_000 });
  const provenance = (await page.textContent(`${panel} .calibration-provenance`)) ?? '';
  const timed = /([\d.]+) s on (\w+)/.exec(provenance);
  console.log(JSON.stringify({ bench: 'calibrate', where: 'page (calibration worker)', task: 'two_moons', route: 'b-nle', numDataSets: 200, draws: 500, betas: 9, seconds: timed ? Number(timed[1]) : null, backend: timed?.[2] ?? null, wallSecondsFromClick: (Date.now() - clicked) / 1000 }));
  console.log(JSON.stringify({ command: 'bench:browser', chromium: browser.context.browser()?.version() ?? 'persistent context' }));
} finally {
  await browser.close();
  await server.close();
}
