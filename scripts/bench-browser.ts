/**
 * `npm run bench:browser`: builds nothing itself (run `npm run build` first; the npm script
 * does), opens backend-check.html in headless Chromium and prints one JSON line per backend
 * and estimator with training examples per second, in the page and in a Web Worker.
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
  console.log(JSON.stringify({ command: 'bench:browser', chromium: browser.context.browser()?.version() ?? 'persistent context' }));
} finally {
  await browser.close();
  await server.close();
}
