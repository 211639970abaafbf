/**
 * `npm run bench:first-visit`: builds the page, opens Two Moons in headless Chromium with a fresh
 * profile (nothing remembered: the backend is measured), then reloads it twice (the backend
 * choice remembered). Prints one JSON line per load: milliseconds from navigation until the
 * backend badge is ready, until every panel (reference and the three routes) has drawn at β = 1,
 * and until every β ladder is complete — what a first visitor, and a returning one, waits for.
 */
import { launchChromium } from './browser/chromium';
import { startPreviewServer } from './browser/preview-server';

const server = await startPreviewServer();
const browser = await launchChromium();
const page = await browser.context.newPage();

async function timeLoad(load: string, navigate: () => Promise<unknown>): Promise<void> {
  const start = Date.now();
  await navigate();
  await page.waitForSelector('#backend-badge[data-status="ready"]', { timeout: 180_000 });
  const backendMs = Date.now() - start;
  await page.waitForFunction(
    () => [...document.querySelectorAll<HTMLElement>('#reference-panel, .amortized-panel')].every((panel) => panel.dataset.status === 'done'),
    null,
    { timeout: 180_000, polling: 100 },
  );
  const panelsMs = Date.now() - start;
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLElement>('.amortized-panel')].every((panel) => Number(panel.dataset.ladderDone) > 0 && panel.dataset.ladderDone === panel.dataset.ladderRungs) &&
      document.querySelector<HTMLElement>('#reference-panel')?.dataset.ladderStatus === 'done',
    null,
    { timeout: 180_000, polling: 100 },
  );
  const laddersMs = Date.now() - start;
  const backend = await page.getAttribute('#backend-badge', 'data-backend');
  console.log(JSON.stringify({ bench: 'first-visit', task: 'two_moons', load, backend, backendMs, panelsMs, laddersMs }));
}

try {
  await timeLoad('fresh profile', () => page.goto(`${server.url}#task=two_moons&obs=1&beta=1&seed=1`));
  await timeLoad('reload (backend remembered)', () => page.reload());
  await timeLoad('reload again', () => page.reload());
} finally {
  await browser.close();
  await server.close();
}
