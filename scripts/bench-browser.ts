/**
 * `npm run bench:browser`: builds nothing itself (run `npm run build` first; the npm script
 * does), opens backend-check.html in headless Chromium and prints one JSON line per backend
 * and estimator with training examples per second, in the page and in a Web Worker; then times
 * C2ST and MMD² of 10 000 vs 10 000 draws (2-D and 5-D Gaussians half a std apart) in the lab
 * worker, whose C2ST folds run on nested workers.
 */
import { launchChromium } from '../test/helpers/chromium';
import { startPreviewServer } from '../test/helpers/preview-server';

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
  console.log(JSON.stringify({ command: 'bench:browser', chromium: browser.context.browser()?.version() ?? 'persistent context' }));
} finally {
  await browser.close();
  await server.close();
}
